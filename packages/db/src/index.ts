export * from './client.js';
export * from './lock.js';
export * as tables from './schema/index.js';
