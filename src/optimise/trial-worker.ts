// Entry module of an optimisation worker thread.
import { serveTasks } from '../core/index.js';
import { runTrialTask } from './trial-task.js';

serveTasks(runTrialTask);
