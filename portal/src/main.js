// The portal: sign-in, the header (navigation, language, sign-out) and a hash router over the pages.
import { html, render } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { claims, createApi } from './api.js';
import { LANGUAGES, formats, initialLanguage, saveLanguage, translator } from './i18n.js';
import { ClientsPage, ContractPage, InvoicesPage, MailLogPage, NewTicket, TicketList, TicketPage } from './pages.js';
import { pages as extraPages } from './extensions.js';
import { QueuePage } from './desk.js';
import { FormError } from './ui.js';

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

function SignIn({ config, api, t, onToken }) {
  const [users, setUsers] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    if (!config.localMode) return;
    api.demoUsers().then((d) => setUsers(d.items), setError);
  }, []);
  return html`<main id="main" class="signin">
    <h1 tabindex="-1" id="page-title">${t('signIn')}</h1>
    <${FormError} error=${error} />
    ${config.localMode && html`<section aria-labelledby="demo-heading" class="card">
      <h2 id="demo-heading">${t('signInDemo')}</h2>
      <ul class="demo-users">
        ${(users || []).map((u) => html`<li><button type="button" class="demo-user" data-email=${u.email}
          onClick=${() => onToken(u.token)}>${u.email}</button> <span class="role">${u.roles.join(', ')}</span></li>`)}
      </ul>
    </section>`}
    ${config.oidc && html`<p class="hint">${t('signInOidc')}: ${config.oidc.issuer}</p>`}
    ${!config.localMode && !config.oidc && html`<p>${t('signInNoMethod')}</p>`}
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

function App({ config }) {
  const [lang, setLangState] = useState(initialLanguage());
  const [session, setSession] = useState(null);
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

  const go = (p) => { location.hash = `#${p}`; };
  const signOut = () => { setSession(null); go('/'); };

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
    return html`${header}<${SignIn} config=${config} api=${api} t=${t}
      onToken=${(token) => { setSession(sessionFrom(token)); if (currentPath() === '/') go('/tickets'); }} />`;
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
  root.textContent = '';
  render(html`<${App} config=${config} />`, root);
}

boot();
