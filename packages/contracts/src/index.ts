export * from './common/common.schemas.js';
export * from './identity/identity.schemas.js';
export * from './registry/registry.schemas.js';
export * from './audit/audit.schemas.js';
export * from './registry/network.schemas.js';
export * from './documents/documents.schemas.js';
export * from './documents/templates.schemas.js';
export * from './calendar/calendar.schemas.js';
