export { rankScreen, type ScreenRow } from './rank.js';
export { DEFAULT_MIN_TRADES, type ScreenOptions, type ScreenResult, screen } from './screen.js';
export { runScreenTask, type ScreenTask, type ScreenTaskResult } from './screen-task.js';
