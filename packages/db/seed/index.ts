export * from './reference/territory.js';
export * from './reference/request-categories.js';
export * from './demo/demo.js';
export * from './demo/network.js';
export * from './demo/requests.js';
export * from './reference/procurement-rules.js';
export * from './demo/procurement.js';
export * from './reference/requirement-checks.js';
