/** Loopback ports of the e2e world; E2E_PORT_OFFSET moves them all (two runs on one machine). */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const E2E = { appPort: 3300 + offset, smtpPort: 2526 + offset, mailboxPort: 3399 + offset, oidcPort: 3398 + offset } as const;
