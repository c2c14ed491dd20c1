import * as client from 'openid-client';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export interface OidcIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}

/** A relying party for one OpenID Connect provider (SPID/CIE gateways speak OIDC). Discovery is lazy and cached. */
export function createOidcClient(s: OidcSettings) {
  let config: Promise<client.Configuration> | null = null;
  const getConfig = () => {
    config ??= client
      .discovery(
        new URL(s.issuer),
        s.clientId,
        s.clientSecret,
        undefined,
        new URL(s.issuer).protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        config = null;
        throw err;
      });
    return config;
  };
  return {
    /** Builds the authorization URL and the secrets to keep until the callback. */
    async start() {
      const cfg = await getConfig();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const url = client.buildAuthorizationUrl(cfg, {
        redirect_uri: s.redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state, codeVerifier, nonce };
    },
    /** Exchanges the code and reads the identity. */
    async finish(callbackUrl: URL, expected: { state: string; codeVerifier: string; nonce: string }): Promise<OidcIdentity> {
      const cfg = await getConfig();
      const tokens = await client.authorizationCodeGrant(cfg, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('No ID token');
      const info = await client.fetchUserInfo(cfg, tokens.access_token, claims.sub);
      const email = (info.email ?? claims.email ?? null) as string | null;
      return {
        issuer: cfg.serverMetadata().issuer,
        subject: claims.sub,
        email: email ? email.toLowerCase() : null,
        emailVerified: (info.email_verified ?? claims.email_verified ?? false) === true,
        name: (info.name ?? null) as string | null,
      };
    },
  };
}
export type OidcClient = ReturnType<typeof createOidcClient>;
