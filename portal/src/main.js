// The portal: sign-in, the header (navigation, language, sign-out) and a hash router over the pages.
import { html, render } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { claims, createApi } from './api.js';
import { LANGUAGES, formats, initialLanguage, saveLanguage, translator } from './i18n.js';
import { ClientsPage, ContractPage, InvoicesPage, MailLogPage, NewTicket, TicketList, TicketPage } from './pages.js';
import { pages as extraPages } from './extensions.js';
import { QueuePage } from './desk.js';
import { FormError } from './ui.js';
import { createOidc, isCallback } from './oidc.js';

const STAFF_ROLES = ['agent', 'admin'];

/** The signed-in person, from the token (kept in memory only: a reload signs out, as the issue asks). */
function sessionFrom(token) {
  const c = claims(token);
  if (!c) return null;
  return { token, ...c, staff: c.roles.some((r) => STAFF_ROLES.includes(r)), clientAdmin: c.roles.includes('client_admin') };
}

function currentPath() {
  const h = location.hash.replace(/^#/, '');
  return h.startsWith('/') ? h : '/';
}

function navFor(session) {
  const items = session.staff
    ? [['/tickets', 'queue'], ['/clients', 'clients'], ['/mail', 'mailLog']]
    : [['/tickets', 'tickets'], ['/new', 'newTicket'], ['/contract', 'contract']];
  if (session.clientAdmin || session.roles.includes('admin')) items.push(['/invoices', 'invoices']);
  return items;
}

function SignIn({ config, api, oidc, t, onToken, notice, initialError }) {
  const [users, setUsers] = useState(null);
  const [error, setError] = useState(initialError);
  const [leaving, setLeaving] = useState(false);
  useEffect(() => {
    if (!config.localMode) return;
    api.demoUsers().then((d) => setUsers(d.items), setError);
  }, []);
  // Off to the issuer's sign-in page; back here only if the redirect could not start (issuer unreachable).
  const companySignIn = () => {
    setLeaving(true);
    setError(null);
    oidc.signIn().catch((e) => { setLeaving(false); setError(e); });
  };
  return html`<main id="main" class="signin">
    <h1 tabindex="-1" id="page-title">${t('signIn')}</h1>
    ${notice && html`<p class="notice" role="status">${t(notice)}</p>`}
    <${FormError} error=${error} />
    ${oidc && html`<p><button type="button" id="oidc-sign-in" disabled=${leaving} onClick=${companySignIn}>
      ${t('signInOidc')}</button></p>`}
    ${config.localMode && html`<section aria-labelledby="demo-heading" class="card">
      <h2 id="demo-heading">${t('signInDemo')}</h2>
      <ul class="demo-users">
        ${(users || []).map((u) => html`<li><button type="button" class="demo-user" data-email=${u.email}
          onClick=${() => onToken(u.token)}>${u.email}</button> <span class="role">${u.roles.join(', ')}</span></li>`)}
      </ul>
    </section>`}
    ${!config.localMode && !oidc && html`<p>${t('signInNoMethod')}</p>`}
  </main>`;
}

function LanguageSwitch({ lang, setLang, t }) {
  return html`<div class="field inline lang">
    <label for="lang-select">${t('language')}</label>
    <select id="lang-select" value=${lang} onChange=${(e) => setLang(e.currentTarget.value)}>
      ${Object.entries(LANGUAGES).map(([k, v]) => html`<option value=${k} lang=${k}>${v}</option>`)}
    </select>
  </div>`;
}

function App({ config, oidc, initialToken, initialError }) {
  const [lang, setLangState] = useState(initialLanguage());
  const [session, setSession] = useState(() => (initialToken ? sessionFrom(initialToken) : null));
  const [notice, setNotice] = useState(null);
  const [path, setPath] = useState(currentPath());
  const [timeZone, setTimeZone] = useState(config.timeZone);
  const setLang = (l) => { saveLanguage(l); setLangState(l); };
  const t = useMemo(() => translator(lang), [lang]);
  const f = useMemo(() => formats(lang, timeZone), [lang, timeZone]);
  const api = useMemo(() => createApi(config.apiBase, () => session?.token), [session]);

  useEffect(() => { document.documentElement.lang = lang; document.title = t('appTitle'); }, [lang]);
  useEffect(() => {
    const on = () => setPath(currentPath());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  // Move focus to the new page's heading so keyboard and screen-reader users start there.
  useEffect(() => { document.getElementById('page-title')?.focus({ preventScroll: false }); }, [path, session]);
  useEffect(() => {
    if (!session) return;
    api.tenant().then((s) => s?.zoneId && setTimeZone(s.zoneId), () => {});
  }, [session]);

  // An expired token is refused by the API: back to the sign-in page when it expires (no silent renewal).
  useEffect(() => {
    if (!session?.exp) return;
    const expire = () => { setSession(null); setNotice('sessionExpired'); location.hash = '#/'; };
    const left = session.exp * 1000 - Date.now();
    if (left <= 0) { expire(); return; }
    const timer = setTimeout(expire, Math.min(left, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [session]);

  const go = (p) => { location.hash = `#${p}`; };
  const signOut = () => {
    setSession(null);
    setNotice(null);
    go('/');
    oidc?.signOut();
  };

  const header = html`<header class="top">
    <a class="skip" href="#main">${t('skip')}</a>
    <p class="brand">${t('appTitle')}</p>
    ${session && html`<nav aria-label=${t('mainNav')}><ul>
      ${navFor(session).map(([p, k]) => html`<li><a href=${`#${p}`} aria-current=${path.startsWith(p) ? 'page' : undefined}>${t(k)}</a></li>`)}
      ${extraPages.filter((x) => x.when(session)).map((x) => html`<li><a href=${`#${x.path}`} aria-current=${path === x.path ? 'page' : undefined}>${x.label(t)}</a></li>`)}
    </ul></nav>`}
    <div class="who">
      <${LanguageSwitch} lang=${lang} setLang=${setLang} t=${t} />
      ${session && html`<span class="email">${session.email}</span>
        <button type="button" class="secondary" onClick=${signOut}>${t('signOut')}</button>`}
    </div>
  </header>`;

  if (!session) {
    return html`${header}<${SignIn} config=${config} api=${api} oidc=${oidc} t=${t} notice=${notice}
      initialError=${initialError}
      onToken=${(token) => { setNotice(null); setSession(sessionFrom(token)); if (currentPath() === '/') go('/tickets'); }} />`;
  }
  const ctx = { api, t, f, session, go, lang };
  let page;
  const m = path.match(/^\/tickets\/([^/]+)$/);
  const extra = extraPages.find((x) => x.path === path && x.when(session));
  if (m) page = html`<${TicketPage} ctx=${ctx} id=${decodeURIComponent(m[1])} />`;
  else if (path === '/new' && !session.staff) page = html`<${NewTicket} ctx=${ctx} />`;
  else if (path === '/contract' && !session.staff) page = html`<${ContractPage} ctx=${ctx} />`;
  else if (path === '/invoices') page = html`<${InvoicesPage} ctx=${ctx} />`;
  else if (path === '/clients' && session.staff) page = html`<${ClientsPage} ctx=${ctx} />`;
  else if (path === '/mail' && session.staff) page = html`<${MailLogPage} ctx=${ctx} />`;
  else if (extra) page = html`<${extra.page} ctx=${ctx} />`;
  else if (session.staff) page = html`<${QueuePage} ctx=${ctx} />`;
  else page = html`<${TicketList} ctx=${ctx} />`;
  return html`${header}<main id="main">${page}</main>`;
}

async function boot() {
  const root = document.getElementById('app');
  let config;
  try {
    const res = await fetch('config.json', { cache: 'no-store' });
    config = await res.json();
  } catch (_) {
    config = { apiBase: '', localMode: false };
  }
  // config.oidc: the issuer and the portal's client id, written by make deploy from the stack's outputs.
  const oidc = config.oidc?.issuer && config.oidc?.clientId ? createOidc(config.oidc) : null;
  let initialToken = null;
  let initialError = null;
  if (oidc && isCallback()) {
    try {
      initialToken = await oidc.complete();
      location.hash = '#/tickets';
    } catch (e) {
      initialError = e;
    }
  } else if (oidc) {
    oidc.clearStale().catch(() => {});
  }
  root.textContent = '';
  render(html`<${App} config=${config} oidc=${oidc} initialToken=${initialToken} initialError=${initialError} />`, root);
}

boot();
