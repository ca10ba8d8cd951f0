// The desk for staff: the queue's views (mine, unassigned, each group, all), the ticket's assignee and group, the
// groups page (admins add groups); and everyone's mail choices. Plugs into the pages through extensions.js.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { pages, ticketPanels } from './extensions.js';
import { groupsChanged, useDirectory } from './directory.js';
import { Heading, MoreButton, StatusFilter, TicketTable, usePaged } from './pages.js';
import { Field, FormError, Loading } from './ui.js';

// ---- the queue ----

/** A view's list parameters: each is one of the API's desk lists (one Query per page). */
function viewParams(view) {
  if (view === 'mine') return { assignee: 'me' };
  if (view === 'unassigned') return { assignee: 'none' };
  if (view.startsWith('group:')) return { group: view.slice('group:'.length) };
  return {};
}

// The chosen view and status stay while the session lasts (back from a ticket lands on the same list); the next
// person to sign in starts at All again. Keyed by the session's api object.
const chosen = new WeakMap();

export function QueuePage({ ctx }) {
  const { api, t } = ctx;
  const last = chosen.get(api) || { view: 'all', status: '' };
  const [view, setViewState] = useState(last.view);
  const [status, setStatusState] = useState(last.status);
  const setView = (v) => { chosen.set(api, { view: v, status }); setViewState(v); };
  const setStatus = (s) => { chosen.set(api, { view, status: s }); setStatusState(s); };
  const dir = useDirectory(api, true);
  const [{ items, next, error, loaded }, more] = usePaged(
    (cursor) => api.tickets({ ...viewParams(view), status, limit: 25, cursor }), [view, status]);
  const views = [['mine', t('viewMine')], ['unassigned', t('viewUnassigned')],
    ...dir.groups.map((g) => [`group:${g.id}`, g.name]), ['all', t('viewAll')]];
  const columns = [
    { label: t('assignee'), className: 'assignee', cell: (tk) => (tk.assigneeId ? dir.person(tk.assigneeId) : t('nobody')) },
    { label: t('group'), className: 'group', cell: (tk) => (tk.groupId ? dir.group(tk.groupId) : '—') },
  ];
  return html`<section aria-labelledby="page-title">
    <${Heading}>${t('queue')}<//>
    <div class="views" role="group" aria-label=${t('views')}>
      ${views.map(([v, label]) => html`<button type="button" class="view" data-view=${v}
        aria-pressed=${view === v ? 'true' : 'false'} onClick=${() => setView(v)}>${label}</button>`)}
    </div>
    <div class="toolbar">
      <${StatusFilter} t=${t} status=${status} setStatus=${setStatus} />
    </div>
    <${FormError} error=${error || dir.error} />
    <div class="results" data-loaded=${loaded ?? undefined}>
      ${items === null ? html`<${Loading} t=${t} />` : html`<${TicketTable} ctx=${ctx} items=${items} columns=${columns} />`}
    </div>
    <${MoreButton} t=${t} next=${next} more=${more} />
  </section>`;
}

// ---- the ticket's assignee and group ----

function AssignForm({ ctx, ticket, onDone, dir }) {
  const { api, t, session } = ctx;
  const current = { assignee: (ticket.assigneeId || '').toLowerCase(), group: ticket.groupId || '' };
  const [form, setForm] = useState({ ...current, note: '' });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [ok, setOk] = useState(false);
  useEffect(() => { setForm((f) => ({ ...f, ...current })); }, [ticket.assigneeId, ticket.groupId]);
  const fe = error?.fields || {};
  const me = (session.email || '').toLowerCase();
  // The active staff, and whoever owns the ticket now even if no longer active (so the select shows the truth).
  const people = dir.staff.filter((s) => s.active || s.email.toLowerCase() === current.assignee);
  if (current.assignee && !people.some((s) => s.email.toLowerCase() === current.assignee)) {
    people.push({ email: current.assignee, name: null });
  }
  const groups = dir.groups.slice();
  if (current.group && !groups.some((g) => g.id === current.group)) groups.push({ id: current.group, name: current.group });
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setOk(false);
    const body = {};
    if (form.assignee !== current.assignee) body.assigneeId = form.assignee || null;
    if (form.group !== current.group) body.groupId = form.group || null;
    if (form.note.trim()) body.note = form.note;
    if (body.assigneeId === undefined && body.groupId === undefined) {
      // The API takes a note only with a move; say so here rather than send a request bound to fail.
      setError({ message: t('assignNothing'), fields: form.note.trim() ? { note: t('assignNoteNeedsMove') } : {} });
      return;
    }
    setBusy(true);
    try {
      await api.change(ticket.id, body);
      setForm((f) => ({ ...f, note: '' }));
      setOk(true);
      onDone();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const label = (s) => `${s.name ? `${s.name} (${s.email})` : s.email}${s.email.toLowerCase() === me ? ` — ${t('you')}` : ''}`;
  return html`<form class="stack card assign" onSubmit=${submit} novalidate aria-labelledby="assign-heading">
    <h2 id="assign-heading">${t('assignment')}</h2>
    <${FormError} error=${error || dir.error} shown=${['assigneeId', 'groupId', 'note']} />
    <${Field} id="as-assignee" label=${t('assignee')} error=${fe.assigneeId}>
      ${(a) => html`<select ...${a} name="assigneeId" value=${form.assignee} onChange=${set('assignee')}>
        <option value="">${t('nobody')}</option>
        ${people.map((s) => html`<option value=${s.email.toLowerCase()}>${label(s)}</option>`)}
      </select>`}
    <//>
    ${me && form.assignee !== me && html`<button type="button" class="secondary" id="as-me"
      onClick=${() => setForm({ ...form, assignee: me })}>${t('assignToMe')}</button>`}
    <${Field} id="as-group" label=${t('group')} error=${fe.groupId}>
      ${(a) => html`<select ...${a} name="groupId" value=${form.group} onChange=${set('group')}>
        <option value="">${t('noGroup')}</option>
        ${groups.map((g) => html`<option value=${g.id}>${g.name}</option>`)}
      </select>`}
    <//>
    <${Field} id="as-note" label=${t('assignNote')} hint=${t('assignNoteHint')} error=${fe.note}>
      ${(a) => html`<textarea ...${a} name="note" rows="2" maxlength="2000" value=${form.note} onInput=${set('note')}></textarea>`}
    <//>
    <button type="submit" disabled=${busy}>${t('saveAssignment')}</button>
    ${ok && html`<p role="status">${t('saved')}</p>`}
  </form>`;
}

ticketPanels.push((ticket, ctx, reload, dir) => html`<${AssignForm} key="assign" ctx=${ctx} ticket=${ticket} onDone=${reload} dir=${dir} />`);

// ---- groups ----

function NewGroupForm({ ctx, dir, onDone }) {
  const { api, t } = ctx;
  const empty = { name: '', members: [], isDefault: false };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState(null);
  const fe = error?.fields || {};
  // A member's problem is named members or members[i]: all of them belong beside the members' fieldset.
  const memberErrors = Object.entries(fe).filter(([k]) => k === 'members' || k.startsWith('members[') || k.startsWith('members.'));
  const toggle = (email) => (e) => setForm({ ...form,
    members: e.currentTarget.checked ? form.members.concat(email) : form.members.filter((m) => m !== email) });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setCreated(null);
    setBusy(true);
    try {
      const g = await api.createGroup({ name: form.name, members: form.members, default: form.isDefault });
      groupsChanged(api);
      setForm(empty);
      setCreated(g);
      onDone();
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  const active = dir.staff.filter((s) => s.active);
  return html`<form class="stack card" onSubmit=${submit} novalidate aria-labelledby="group-new-heading">
    <h2 id="group-new-heading">${t('newGroup')}</h2>
    <${FormError} error=${error || dir.error} shown=${['name', 'default', ...memberErrors.map(([k]) => k)]} />
    <${Field} id="gr-name" label=${t('groupName')} error=${fe.name}>
      ${(a) => html`<input ...${a} name="name" maxlength="200" autocomplete="off" value=${form.name}
        onInput=${(e) => setForm({ ...form, name: e.currentTarget.value })} />`}
    <//>
    <fieldset class="members" aria-describedby=${memberErrors.length ? 'gr-members-error' : undefined}>
      <legend>${t('members')}</legend>
      ${!dir.ready ? html`<${Loading} t=${t} />` : active.length === 0 ? html`<p>${t('nothing')}</p>` : active.map((s, i) => html`
        <div class="check">
          <input type="checkbox" id=${`gr-member-${i}`} value=${s.email} checked=${form.members.includes(s.email)}
            onChange=${toggle(s.email)} />
          <label for=${`gr-member-${i}`}>${s.name ? `${s.name} (${s.email})` : s.email}</label>
        </div>`)}
      ${memberErrors.length > 0 && html`<div class="error" id="gr-members-error">${memberErrors.map(([, m]) => html`<p class="error">${m}</p>`)}</div>`}
    </fieldset>
    <div class="check">
      <input type="checkbox" id="gr-default" checked=${form.isDefault} aria-describedby="gr-default-hint${fe.default ? ' gr-default-error' : ''}"
        onChange=${(e) => setForm({ ...form, isDefault: e.currentTarget.checked })} />
      <label for="gr-default">${t('defaultGroup')}</label>
    </div>
    <p class="hint" id="gr-default-hint">${t('defaultGroupHint')}</p>
    ${fe.default && html`<p class="error" id="gr-default-error">${fe.default}</p>`}
    <button type="submit" disabled=${busy}>${t('createGroup')}</button>
    ${created && html`<p role="status">${t('groupCreated')}: ${created.name}</p>`}
  </form>`;
}

export function GroupsPage({ ctx }) {
  const { api, t, session } = ctx;
  const [version, setVersion] = useState(0);
  // The directory holds every group already (the queue's and ticket page's names): the page shows that list rather
  // than reading the same groups a second time.
  const dir = useDirectory(api, true, version);
  const items = dir.ready && !dir.error ? dir.groups : dir.error ? [] : null;
  const admin = session.roles.includes('admin');
  return html`<section aria-labelledby="page-title">
    <${Heading}>${t('groups')}<//>
    <${FormError} error=${dir.error} />
    <div class="results" data-loaded=${dir.ready ? String(version) : undefined}>
    ${items === null ? html`<${Loading} t=${t} />` : items.length === 0 ? html`<p>${t('nothing')}</p>` : html`
      <div class="table-wrap"><table class="groups">
        <thead><tr><th scope="col">${t('groupName')}</th><th scope="col">${t('members')}</th>
          <th scope="col">${t('defaultGroup')}</th><th scope="col">${t('id')}</th></tr></thead>
        <tbody>${items.map((g) => html`<tr data-group=${g.id}>
          <td data-label=${t('groupName')}>${g.name}</td>
          <td data-label=${t('members')}>${g.members.length ? g.members.map((m) => dir.person(m)).join(', ') : '—'}</td>
          <td data-label=${t('defaultGroup')}>${g.default ? t('yes') : t('no')}</td>
          <td data-label=${t('id')}><code>${g.id}</code></td>
        </tr>`)}</tbody>
      </table></div>`}
    </div>
    ${admin && html`<${NewGroupForm} ctx=${ctx} dir=${dir} onDone=${() => setVersion((v) => v + 1)} />`}
  </section>`;
}

// ---- notification choices (everyone) ----

// The order the kinds are shown in; a kind the API adds later still shows, after these.
const KIND_ORDER = ['agent_new_ticket', 'agent_client_reply', 'agent_assigned',
  'acknowledgement', 'agent_reply', 'waiting_for_you', 'resolved'];

export function NotificationsPage({ ctx }) {
  const { api, t } = ctx;
  const [saved, setSaved] = useState(null); // the API's answer: kind -> on
  const [form, setForm] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [ok, setOk] = useState(false);
  useEffect(() => {
    let live = true;
    api.notifications().then(
      (r) => { if (live) { setSaved(r.notifications); setForm(r.notifications); } },
      (e) => live && setError(e),
    );
    return () => { live = false; };
  }, []);
  const fe = error?.fields || {};
  const kinds = saved ? Object.keys(saved).sort((a, b) => {
    const ia = KIND_ORDER.indexOf(a); const ib = KIND_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  }) : [];
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setOk(false);
    const body = {};
    for (const k of kinds) if (form[k] !== saved[k]) body[k] = form[k];
    setBusy(true);
    try {
      const r = await api.setNotifications(body);
      setSaved(r.notifications);
      setForm(r.notifications);
      setOk(true);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return html`<section aria-labelledby="page-title">
    <${Heading}>${t('notifications')}<//>
    ${saved === null && !error ? html`<${Loading} t=${t} />` : html`
    <form class="stack card notifications" onSubmit=${submit} novalidate data-loaded=${saved ? 'true' : undefined}>
      <${FormError} error=${error} shown=${kinds} />
      <fieldset>
        <legend>${t('notifyLegend')}</legend>
        ${kinds.map((k) => html`<div class=${`check${fe[k] ? ' has-error' : ''}`}>
          <input type="checkbox" id=${`nf-${k}`} name=${k} checked=${!!form[k]}
            aria-describedby=${fe[k] ? `nf-${k}-error` : undefined} aria-invalid=${fe[k] ? 'true' : undefined}
            onChange=${(e) => setForm({ ...form, [k]: e.currentTarget.checked })} />
          <label for=${`nf-${k}`}>${t(`notify.${k}`)}</label>
          ${fe[k] && html`<p class="error" id=${`nf-${k}-error`}>${fe[k]}</p>`}
        </div>`)}
      </fieldset>
      <button type="submit" disabled=${busy}>${t('save')}</button>
      ${ok && html`<p role="status">${t('saved')}</p>`}
    </form>`}
  </section>`;
}

pages.push(
  { path: '/groups', label: (t) => t('groups'), when: (s) => s.staff, page: GroupsPage },
  { path: '/notifications', label: (t) => t('notifications'), when: () => true, page: NotificationsPage },
);
