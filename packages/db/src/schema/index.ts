export * from './registry.js';
export * from './identity.js';
export * from './audit.js';
export * from './network.js';
export * from './documents.js';
export * from './collab.js';
export * from './procurement.js';
export * from './digital-agenda.js';
