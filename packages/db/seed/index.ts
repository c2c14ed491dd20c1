export * from './reference/territory.js';
export * from './demo/demo.js';
export * from './demo/network.js';
