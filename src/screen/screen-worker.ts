// Entry module of a screening worker thread.
import { serveTasks } from '../core/index.js';
import { runScreenTask } from './screen-task.js';

serveTasks(runScreenTask);
