// A real OpenID Connect issuer (panva's oidc-provider, certified) for CompanySignInBrowserIT: on 127.0.0.1, a port
// the system picks, one public client (no secret, PKCE required), its development login page (any login, any
// password). The Cognito hosted UI cannot run here; this is the same protocol the portal speaks to it.
//
// Environment: REDIRECT_URI (the portal's origin + "/"), CLIENT_ID. Prints one JSON line {"issuer": ...} once it
// listens, then one line {"authorize": {query}} for each authorization request, so the test sees what the portal
// asked for (code_challenge_method). Exits when its standard input closes (the test ended or died).
// Accounts: the login is the subject and, when it holds an @, the email; roles ["client"]. A login starting with
// "brief." gets an 8-second ID token, for the test of what the portal does when the token expires.
// For tests only: development signing keys, a fixed cookie key, the provider's development login pages.
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const redirectUri = process.env.REDIRECT_URI;
const clientId = process.env.CLIENT_ID || 'portal-browser-test';
if (!redirectUri) {
  console.error('issuer.mjs: REDIRECT_URI is required');
  process.exit(2);
}

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      application_type: 'web',
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    }],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    // The claims the API reads (docs/api-behaviour.md, Identity) in the ID token itself, as the stack's pre-token
    // trigger puts them there.
    conformIdTokenClaims: false,
    claims: { openid: ['sub', 'roles', 'tenant_id'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (ctx, sub) => ({
      accountId: sub,
      claims: () => ({
        sub,
        email: sub.includes('@') ? sub : undefined,
        email_verified: sub.includes('@'),
        name: sub,
        roles: ['client'],
        tenant_id: 'browser-test',
      }),
    }),
    ttl: {
      IdToken: (ctx, token) => (String(token.available?.sub).startsWith('brief.') ? 8 : 3600),
      AccessToken: 3600,
      AuthorizationCode: 60,
      Grant: 3600,
      Interaction: 600,
      Session: 3600,
    },
    clientBasedCORS: (ctx, origin, client) => client.redirectUris.some((u) => new URL(u).origin === origin),
    cookies: { keys: ['browser-test-only-cookie-key-0123456789abcdef'] },
  });
  provider.use(async (ctx, next) => {
    if (ctx.path === '/auth') console.log(JSON.stringify({ authorize: ctx.query }));
    await next();
  });
  server.on('request', provider.callback());
  console.log(JSON.stringify({ issuer }));
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
