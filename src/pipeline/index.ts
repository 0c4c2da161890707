export { DEMO_SPEC, type DemoOptions, type DemoResult, runDemo } from './demo.js';
