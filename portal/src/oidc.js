// Sign-in with the company account: OpenID Connect authorization code + PKCE (S256) through oidc-client-ts, against
// the Cognito user pool of the stack (its hosted UI) or the issuer the stack was configured with.
//
// Where things live, and why:
// - the tokens: in memory only (oidc-client-ts's InMemoryWebStorage), so a script injected into another tab, or a
//   later reader of the disk, finds none; a reload signs out, as with the demo sign-in;
// - the PKCE verifier and the request's state: in sessionStorage (this tab only) for the redirect round trip, because
//   the page is unloaded while the issuer signs the person in; oidc-client-ts removes the entry when the callback
//   consumes it, and stale ones (abandoned sign-ins) on the next start.
// The API takes the ID token by default: the stack's JWT authorizer checks its audience against the portal's app client
// and the pre-token trigger puts tenant_id, client_id and roles into the ID token only. config.oidc.apiToken =
// "access" sends the access token instead (an external issuer whose access tokens are JWTs carrying those claims).
import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';

/**
 * The page the issuer sends the person back to: the app's root (CloudFront's default object, index.html), the one
 * callback URL the stack registers for the portal's app client.
 */
export function redirectUri() {
  return `${location.origin}/`;
}

/** True when this page load is the issuer's answer (a code or an error, with the state we sent). */
export function isCallback() {
  const p = new URLSearchParams(location.search);
  return p.has('state') && (p.has('code') || p.has('error'));
}

/**
 * @param {{issuer: string, clientId: string, scope?: string, logoutUrl?: string, apiToken?: 'id'|'access'}} config
 */
export function createOidc(config) {
  const manager = new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: config.scope || 'openid email profile',
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: sessionStorage, prefix: 'portal.oidc.' }),
    // No hidden iframes (the CSP's frame-ancestors 'none' forbids framing the app) and no session polling: when the
    // token expires, the person signs in again.
    automaticSilentRenew: false,
    monitorSession: false,
    loadUserInfo: false,
  });
  const tokenOf = (user) => (config.apiToken === 'access' ? user.access_token : user.id_token);
  return {
    /** Leaves for the issuer's sign-in page; the promise settles only if that fails (discovery unreachable). */
    signIn: () => manager.signinRedirect(),
    /**
     * Completes a sign-in from the callback URL and returns the token for the API. The code and state leave the
     * address bar whatever the outcome, so neither a reload nor the history replays them.
     */
    complete: async () => {
      const url = location.href;
      history.replaceState(null, '', `${redirectUri()}#/`);
      const user = await manager.signinRedirectCallback(url);
      const token = tokenOf(user);
      if (!token) throw new Error(`the issuer returned no ${config.apiToken === 'access' ? 'access' : 'ID'} token`);
      return token;
    },
    /** Forgets the tokens; with a logout URL (the hosted UI's), ends the issuer's session too. */
    signOut: async () => {
      await manager.removeUser();
      if (config.logoutUrl) location.assign(config.logoutUrl);
    },
    /** Abandoned sign-ins' verifiers, older than oidc-client-ts's stale age, out of sessionStorage. */
    clearStale: () => manager.clearStaleState(),
  };
}
