export * from './registry.js';
export * from './identity.js';
export * from './audit.js';
