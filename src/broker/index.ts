// Each broker family keeps its own index; this one only gathers them.
export * from './ccxt/index.js';
export * from './sandbox/index.js';
