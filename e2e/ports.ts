/** Loopback ports of the e2e world. */
export const E2E = { appPort: 3300, smtpPort: 2526, mailboxPort: 3399, oidcPort: 3398 } as const;
