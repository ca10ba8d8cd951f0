// The API client: bearer token in memory only, problem documents turned into ApiError with per-field errors.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || problem?.message || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    /** field -> message, from the problem document's `errors` (400s) */
    this.fields = {};
    for (const e of problem?.errors || []) {
      if (e && e.field && !this.fields[e.field]) this.fields[e.field] = e.message;
    }
  }
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function createApi(base, getToken) {
  /** The bearer header of the signed-in person: every call's, and the calls that do not go through call(). */
  const auth = () => {
    const token = getToken();
    return token ? { Authorization: `Bearer ${token}` } : {};
  };
  async function call(method, path, body, { idempotent = false } = {}) {
    const headers = { Accept: 'application/json', ...auth() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    // A retried create is one create: the key stays with this one submission.
    if (idempotent) headers['Idempotency-Key'] = newKey();
    const res = await fetch(base + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      mode: 'cors',
    });
    const text = await res.text();
    let data = null;
    if (text) {
      try { data = JSON.parse(text); } catch (_) { data = { detail: text.slice(0, 200) }; }
    }
    if (!res.ok) throw new ApiError(res.status, data);
    return data;
  }
  const attachmentPath = (ticketId, attachmentId) =>
    `/v1/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`;
  const q = (params) => {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') s.set(k, v);
    const str = s.toString();
    return str ? `?${str}` : '';
  };
  const enc = encodeURIComponent;
  return {
    raw: call,
    demoUsers: () => call('GET', '/local/demo-users'),
    tickets: (params) => call('GET', `/v1/tickets${q(params)}`),
    ticket: (id) => call('GET', `/v1/tickets/${enc(id)}`),
    events: (id, cursor) => call('GET', `/v1/tickets/${enc(id)}/events${q({ limit: 100, cursor })}`),
    createTicket: (body) => call('POST', '/v1/tickets', body, { idempotent: true }),
    comment: (id, body) => call('POST', `/v1/tickets/${enc(id)}/comments`, body, { idempotent: true }),
    change: (id, body) => call('PATCH', `/v1/tickets/${enc(id)}`, body),
    rate: (id, body) => call('POST', `/v1/tickets/${enc(id)}/rating`, body, { idempotent: true }),
    logTime: (id, body) => call('POST', `/v1/tickets/${enc(id)}/time-entries`, body, { idempotent: true }),
    watchers: (id) => call('GET', `/v1/tickets/${enc(id)}/watchers`),
    addWatcher: (id, email) => call('PUT', `/v1/tickets/${enc(id)}/watchers/${enc(email)}`),
    removeWatcher: (id, email) => call('DELETE', `/v1/tickets/${enc(id)}/watchers/${enc(email)}`),
    contracts: (params) => call('GET', `/v1/contracts${q(params)}`),
    invoices: (params) => call('GET', `/v1/invoices${q(params)}`),
    clients: (params) => call('GET', `/v1/clients${q(params)}`),
    changeClient: (id, body) => call('PATCH', `/v1/clients/${enc(id)}`, body),
    mailLog: (params) => call('GET', `/v1/inbound-mail${q(params)}`),
    groups: (params) => call('GET', `/v1/groups${q(params)}`),
    createGroup: (body) => call('POST', '/v1/groups', body, { idempotent: true }),
    staff: (params) => call('GET', `/v1/staff${q(params)}`),
    notifications: () => call('GET', '/v1/me/notifications'),
    setNotifications: (body) => call('PATCH', '/v1/me/notifications', body),
    /**
     * Attaches one file: the API hands out a presigned S3 PUT, the browser sends the bytes there with exactly the
     * headers the answer demands (the content type is signed), then confirms. `onProgress(fraction)` follows the PUT.
     */
    upload: async (ticketId, file, contentType, { internal = false, onProgress } = {}) => {
      const body = { fileName: fileName(file.name), contentType, size: file.size };
      if (internal) body.internal = true;
      const started = await call('POST', `/v1/tickets/${enc(ticketId)}/attachments`, body, { idempotent: true });
      await putToStorage(started.uploadUrl, started.uploadHeaders, file, onProgress);
      return call('POST', `${attachmentPath(ticketId, started.id)}/complete`, {}, { idempotent: true });
    },
    /** Where an attachment's link points: the API's route, which redirects to a short-lived S3 link. */
    attachmentUrl: (ticketId, attachmentId) => base + attachmentPath(ticketId, attachmentId),
    /**
     * An attachment's bytes. The route needs the token, so a plain link cannot follow it: fetch does, and at the
     * redirect to S3 the browser drops the Authorization header (another origin) and S3 checks the link's signature.
     */
    download: async (ticketId, attachmentId) => {
      const res = await fetch(base + attachmentPath(ticketId, attachmentId), {
        headers: auth(), credentials: 'omit', mode: 'cors', redirect: 'follow',
      });
      if (!res.ok) {
        let problem = null;
        try { problem = await res.json(); } catch (_) { /* S3 answers XML */ }
        throw new ApiError(res.status, problem);
      }
      return res.blob();
    },
    tenant: () => call('GET', '/v1/tenant'),
  };
}

/** The API takes names up to 1024 characters (and keeps 180); a longer one is cut, whole code points only. */
function fileName(name) {
  const chars = Array.from(name || 'file');
  return chars.length > 1000 ? chars.slice(0, 1000).join('') : chars.join('') || 'file';
}

/**
 * The PUT to a presigned URL, through XMLHttpRequest because fetch reports no upload progress. No token goes there:
 * the URL's signature is the credential. S3's errors are XML; their Message becomes the error's text.
 */
function putToStorage(url, headers, file, onProgress) {
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('PUT', url);
    for (const [k, v] of Object.entries(headers || {})) x.setRequestHeader(k, v);
    if (onProgress) x.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    x.onload = () => {
      if (x.status >= 200 && x.status < 300) { onProgress?.(1); resolve(); return; }
      const m = /<Message>([^<]{1,300})<\/Message>/.exec(x.responseText || '');
      reject(new ApiError(x.status, { detail: m ? m[1] : `storage answered HTTP ${x.status}` }));
    };
    // A network failure, or a CORS refusal: the browser tells the page nothing more.
    x.onerror = () => reject(new ApiError(0, { detail: 'storage', network: true }));
    x.send(file);
  });
}

/** The claims of a JWT, unverified: only to show who is signed in and which pages to offer; the API decides. */
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(part), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    const c = JSON.parse(json);
    let roles = c.roles ?? c['cognito:groups'] ?? [];
    if (typeof roles === 'string') roles = roles.replace(/^\[|\]$/g, '').split(/[\s,]+/).filter(Boolean);
    return { email: c.email ?? null, name: c.name ?? null, clientId: c.client_id ?? null, roles, exp: c.exp };
  } catch (_) {
    return null;
  }
}
