/** The parts of oidc-provider (an e2e test peer) that the harness uses. */
declare module 'oidc-provider' {
  export default class Provider {
    constructor(issuer: string, configuration: Record<string, unknown>);
    listen(port: number, host?: string): unknown;
  }
}
