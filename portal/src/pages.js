// The pages. Each receives ctx = { api, t, f (formats), session, go(path) }.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { Field, FormError, Loading, SlaBadge, StatusBadge, slaDue, uid } from './ui.js';
import { queueFilters, ticketColumns, ticketPanels } from './extensions.js';
import { useDirectory } from './directory.js';
import { AttachmentLink, AttachmentList, FilePicker, sendable, uploadAll, useFiles } from './uploads.js';

const STATUSES = ['new', 'in_progress', 'waiting_for_client', 'resolved', 'closed'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

/**
 * Loads a cursor-paged list; `more()` appends the next page. `loaded` is the deps the shown items belong to (null while
 * loading), so the page can say which list it shows (and a test can wait for exactly that one).
 */
export function usePaged(load, deps) {
  const [state, setState] = useState({ items: null, next: null, error: null, loaded: null });
  const key = JSON.stringify(deps);
  useEffect(() => {
    let live = true;
    setState({ items: null, next: null, error: null, loaded: null });
    load(undefined).then(
      (p) => live && setState({ items: p.items, next: p.nextCursor, error: null, loaded: key }),
      (e) => live && setState({ items: [], next: null, error: e, loaded: key }),
    );
    return () => { live = false; };
  }, deps);
  const more = () => load(state.next).then(
    (p) => setState((s) => ({ ...s, items: s.items.concat(p.items), next: p.nextCursor, error: null })),
    (e) => setState((s) => ({ ...s, error: e })),
  );
  return [state, more];
}

export function Heading({ children }) {
  return html`<h1 tabindex="-1" id="page-title">${children}</h1>`;
}

export function MoreButton({ t, next, more }) {
  return next ? html`<button type="button" class="secondary" onClick=${more}>${t('loadMore')}</button>` : null;
}

export const TICKET_STATUSES = STATUSES;

/** The status filter every ticket list has. */
export function StatusFilter({ t, status, setStatus }) {
  const filterId = 'ticket-status-filter';
  return html`<div class="field inline">
    <label for=${filterId}>${t('filterStatus')}</label>
    <select id=${filterId} value=${status} onChange=${(e) => setStatus(e.currentTarget.value)}>
      <option value="">${t('any')}</option>
      ${STATUSES.map((s) => html`<option value=${s}>${t(`status.${s}`)}</option>`)}
    </select>
  </div>`;
}

/** A page of tickets as a table (one card per ticket on a phone); `columns` adds { label, cell(ticket) } ones. */
export function TicketTable({ ctx, items, columns = [] }) {
  const { t, f, session } = ctx;
  const staff = session.staff;
  const extra = columns.concat(staff ? ticketColumns.map((c) => ({ label: c.label(t), cell: (tk) => c.cell(tk, ctx) })) : []);
  if (items.length === 0) return html`<p>${t('nothing')}</p>`;
  return html`<div class="table-wrap"><table class="tickets">
    <thead><tr>
      <th scope="col">${t('number')}</th><th scope="col">${t('subject')}</th><th scope="col">${t('status')}</th>
      <th scope="col">${t('priority')}</th><th scope="col">${t('sla')}</th><th scope="col">${t('slaDue')}</th>
      ${staff && html`<th scope="col">${t('requester')}</th>`}
      ${extra.map((c) => html`<th scope="col">${c.label}</th>`)}
      <th scope="col">${t('created')}</th>
    </tr></thead>
    <tbody>${items.map((tk) => html`<tr data-ticket=${tk.number}>
      <td data-label=${t('number')}><a href=${`#/tickets/${tk.number}`}>${tk.number}</a></td>
      <td data-label=${t('subject')}>${tk.subject}</td>
      <td data-label=${t('status')}><${StatusBadge} t=${t} status=${tk.status} /></td>
      <td data-label=${t('priority')}>${t(`priority.${tk.priority}`)}</td>
      <td data-label=${t('sla')}><${SlaBadge} t=${t} sla=${tk.sla} /></td>
      <td data-label=${t('slaDue')} class="sla-due">${tk.sla ? html`<time datetime=${slaDue(tk)}>${f.dateTime(slaDue(tk))}</time>` : '—'}</td>
      ${staff && html`<td data-label=${t('requester')}>${tk.requester.name || tk.requester.email}</td>`}
      ${extra.map((c) => html`<td data-label=${c.label} class=${c.className}>${c.cell(tk)}</td>`)}
      <td data-label=${t('created')}><time datetime=${tk.createdAt}>${f.dateTime(tk.createdAt)}</time></td>
    </tr>`)}</tbody>
  </table></div>`;
}

// ---- tickets ----

/** A client's tickets (staff get the desk's queue, desk.js). */
export function TicketList({ ctx }) {
  const { api, t, session } = ctx;
  const staff = session.staff;
  const [status, setStatus] = useState('');
  const [extra, setExtra] = useState({});
  const [{ items, next, error, loaded }, more] = usePaged(
    (cursor) => api.tickets({ status, limit: 25, cursor, ...extra }), [status, JSON.stringify(extra)]);
  return html`<section aria-labelledby="page-title">
    <${Heading}>${staff ? t('queue') : t('tickets')}<//>
    <div class="toolbar">
      <${StatusFilter} t=${t} status=${status} setStatus=${setStatus} />
      ${staff && queueFilters.map((q) => html`<div class="field inline">
        <label for=${`qf-${q.key}`}>${q.label(t)}</label>
        <select id=${`qf-${q.key}`} onChange=${(e) => setExtra({ ...extra, [q.param]: e.currentTarget.value })}>
          ${q.options(ctx).map((o) => html`<option value=${o.value}>${o.label}</option>`)}
        </select></div>`)}
      ${!staff && html`<a class="button" href="#/new">${t('newTicket')}</a>`}
    </div>
    <${FormError} error=${error} />
    <div class="results" data-loaded=${loaded ?? undefined}>
      ${items === null ? html`<${Loading} t=${t} />` : html`<${TicketTable} ctx=${ctx} items=${items} />`}
    </div>
    <${MoreButton} t=${t} next=${next} more=${more} />
  </section>`;
}

export function NewTicket({ ctx }) {
  const { api, t, f } = ctx;
  const [form, setForm] = useState({ subject: '', description: '', priority: 'normal' });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [files, fileActions] = useFiles();
  // The ticket once opened: its files are then attached to it, and a second press must not open another.
  const [created, setCreated] = useState(null);
  const set = (k) => (e) => setForm({ ...form, [k]: e.currentTarget.value });
  const fe = error?.fields || {};
  const submit = async (e) => {
    e.preventDefault();
    if (!sendable(files)) { setError({ message: t('filesInvalid'), fields: {} }); return; }
    setBusy(true);
    setError(null);
    let ticket = created;
    try {
      if (!ticket) { ticket = await api.createTicket(form); setCreated(ticket); }
    } catch (err) {
      setError(err);
      setBusy(false);
      return;
    }
    if (await uploadAll(api, t, ticket.id, files, fileActions.update)) {
      ctx.go(`/tickets/${ticket.number}`);
      return;
    }
    setError({ message: t('uploadsFailedAfterCreate'), fields: {} });
    setBusy(false);
  };
  return html`<section aria-labelledby="page-title">
    <${Heading}>${t('newTicket')}<//>
    <form class="stack" onSubmit=${submit} novalidate>
      <${FormError} error=${error} shown=${['subject', 'description', 'priority']} />
      <${Field} id="nt-subject" label=${t('subject')} error=${fe.subject}>
        ${(a) => html`<input ...${a} name="subject" maxlength="200" autocomplete="off" value=${form.subject} disabled=${!!created} onInput=${set('subject')} />`}
      <//>
      <${Field} id="nt-description" label=${t('description')} error=${fe.description}>
        ${(a) => html`<textarea ...${a} name="description" rows="6" value=${form.description} disabled=${!!created} onInput=${set('description')}></textarea>`}
      <//>
      <${Field} id="nt-priority" label=${t('priority')} error=${fe.priority}>
        ${(a) => html`<select ...${a} name="priority" value=${form.priority} disabled=${!!created} onChange=${set('priority')}>
          ${PRIORITIES.map((p) => html`<option value=${p}>${t(`priority.${p}`)}</option>`)}
        </select>`}
      <//>
      <${FilePicker} id="nt-files" t=${t} f=${f} files=${files} actions=${fileActions} busy=${busy} />
      ${created && html`<p class="created"><a href=${`#/tickets/${created.number}`}>${t('openCreated')} ${created.number}</a></p>`}
      <button type="submit" disabled=${busy}>${created ? t('retryUploads') : t('create')}</button>
    </form>
  </section>`;
}

function eventText(ev, ctx, ticket, dir) {
  const { t } = ctx;
  const d = ev.data || {};
  switch (ev.type) {
    case 'comment':
    case 'email_received':
      return html`<div class="body">${d.body ?? d.text ?? ''}</div>`;
    case 'status_changed':
      return html`<p>${t(`status.${d.from}`)} → ${t(`status.${d.to}`)}</p>`;
    case 'priority_changed':
      return html`<p>${t(`priority.${d.from}`)} → ${t(`priority.${d.to}`)}</p>`;
    case 'time_logged':
      return html`<p>${d.minutes} ${t('minutesUnit')}${d.billable ? ` · ${t('billable')}` : ''}${d.note ? ` · ${d.note}` : ''}</p>`;
    case 'rated':
      return html`<p>${'★'.repeat(d.score)}${'☆'.repeat(5 - d.score)} ${d.comment || ''}</p>`;
    case 'created':
      return html`<p>${d.subject || ''}</p>`;
    case 'attachment_added':
      return d.attachmentId
        ? html`<p><${AttachmentLink} ctx=${ctx} ticketId=${ticket.id} data=${d} /> <span class="file-size">${ctx.f.size(d.size)}</span></p>`
        : html`<p>${d.filename}</p>`;
    case 'assigned':
      return html`<${AssignedText} t=${t} d=${d} dir=${dir} />`;
    case 'watcher_added':
      return html`<p>${t('watcherAdded')}: ${d.email}</p>`;
    case 'watcher_removed':
      return html`<p>${t('watcherRemoved')}: ${d.email}</p>`;
    default:
      return null;
  }
}

/**
 * An internal move: who owns the ticket and which group holds it now (absent: nobody, none), the previous ones when
 * they changed, and the note. Names come from the desk's directory when it is loaded, else the raw email or id.
 */
function AssignedText({ t, d, dir }) {
  const person = (e) => (e ? dir.person(e) : t('nobody'));
  const group = (g) => (g ? dir.group(g) : t('noGroup'));
  return html`<div class="assigned">
    <p><span class="what">${t('assignee')}:</span> <span class="assigned-to">${person(d.assigneeId)}</span>
      ${d.previousAssigneeId && html` <span class="was">(${t('was')} ${person(d.previousAssigneeId)})</span>`}</p>
    <p><span class="what">${t('group')}:</span> <span class="assigned-group">${group(d.groupId)}</span>
      ${d.previousGroupId && html` <span class="was">(${t('was')} ${group(d.previousGroupId)})</span>`}</p>
    ${d.note && html`<p class="body assigned-note"><span class="what">${t('assignNote')}:</span> ${d.note}</p>`}
  </div>`;
}

function Timeline({ ctx, ticket, events, dir }) {
  const { t, f } = ctx;
  return html`<ol class="timeline">
    ${events.map((ev) => html`<li class=${`event ev-${ev.type}${ev.public ? '' : ' internal'}`} data-event-type=${ev.type}>
      <p class="meta">
        <strong>${ev.actor.email || t('system')}</strong> ${t(`event.${ev.type}`)}
        ${!ev.public && html` <span class="badge internal-badge">${t('internal')}</span>`}
        <time datetime=${ev.at}>${f.dateTime(ev.at)}</time>
      </p>
      ${eventText(ev, ctx, ticket, dir)}
    </li>`)}
  </ol>`;
}

function ReplyForm({ ctx, ticket, onDone }) {
  const { api, t, f, session } = ctx;
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [files, fileActions] = useFiles();
  const submit = async (e) => {
    e.preventDefault();
    if (!sendable(files)) { setError({ message: t('filesInvalid'), fields: {} }); return; }
    setBusy(true);
    setError(null);
    // Files alone need no text; with neither, the API's answer says what is missing.
    const pending = files.filter((x) => x.state !== 'done');
    if (body.trim() || pending.length === 0) {
      try {
        await api.comment(ticket.id, session.staff ? { body, public: !internal } : { body });
        setBody('');
      } catch (err) {
        setError(err);
        setBusy(false);
        return;
      }
    }
    // An internal note's files are internal too: the client sees neither.
    const ok = await uploadAll(api, t, ticket.id, pending, fileActions.update, { internal: session.staff && internal });
    if (ok) {
      fileActions.clear();
      setInternal(false);
    } else {
      fileActions.keepFailed();
      setError({ message: t('uploadsFailed'), fields: {} });
    }
    onDone();
    setBusy(false);
  };
  return html`<form class="stack card" onSubmit=${submit} novalidate aria-labelledby="reply-heading">
    <h2 id="reply-heading">${t('reply')}</h2>
    <${FormError} error=${error} shown=${['body', 'public']} />
    <${Field} id="reply-body" label=${t('replyBody')} error=${error?.fields?.body}>
      ${(a) => html`<textarea ...${a} name="body" rows="4" value=${body} onInput=${(e) => setBody(e.currentTarget.value)}></textarea>`}
    <//>
    ${session.staff && html`<div class="check">
      <input type="checkbox" id="reply-internal" checked=${internal} onChange=${(e) => setInternal(e.currentTarget.checked)} />
      <label for="reply-internal">${t('internalNote')}</label>
    </div>`}
    <${FilePicker} id="reply-files" t=${t} f=${f} files=${files} actions=${fileActions} busy=${busy} />
    <button type="submit" disabled=${busy}>${t('send')}</button>
  </form>`;
}

function ChangeForm({ ctx, ticket, onDone }) {
  const { api, t } = ctx;
  const [status, setStatus] = useState(ticket.status);
  const [priority, setPriority] = useState(ticket.priority);
  const [error, setError] = useState(null);
  useEffect(() => { setStatus(ticket.status); setPriority(ticket.priority); }, [ticket.status, ticket.priority]);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    const body = {};
    if (status !== ticket.status) body.status = status;
    if (priority !== ticket.priority) body.priority = priority;
    if (Object.keys(body).length === 0) return;
    try {
      await api.change(ticket.id, body);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="stack card" onSubmit=${submit} novalidate aria-labelledby="change-heading">
    <h2 id="change-heading">${t('changeTicket')}</h2>
    <${FormError} error=${error} shown=${['status', 'priority']} />
    <${Field} id="tc-status" label=${t('status')} error=${error?.fields?.status}>
      ${(a) => html`<select ...${a} value=${status} onChange=${(e) => setStatus(e.currentTarget.value)}>
        ${STATUSES.map((s) => html`<option value=${s}>${t(`status.${s}`)}</option>`)}</select>`}
    <//>
    <${Field} id="tc-priority" label=${t('priority')} error=${error?.fields?.priority}>
      ${(a) => html`<select ...${a} value=${priority} onChange=${(e) => setPriority(e.currentTarget.value)}>
        ${PRIORITIES.map((p) => html`<option value=${p}>${t(`priority.${p}`)}</option>`)}</select>`}
    <//>
    <button type="submit">${t('save')}</button>
  </form>`;
}

function TimeForm({ ctx, ticket, onDone }) {
  const { api, t } = ctx;
  const [form, setForm] = useState({ minutes: '', note: '', billable: true, internal: false });
  const [error, setError] = useState(null);
  const [ok, setOk] = useState(false);
  const fe = error?.fields || {};
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setOk(false);
    const minutes = Number.parseInt(form.minutes, 10);
    try {
      await api.logTime(ticket.id, {
        minutes: Number.isNaN(minutes) ? null : minutes, note: form.note || null, billable: form.billable, internal: form.internal,
      });
      setForm({ minutes: '', note: '', billable: true, internal: false });
      setOk(true);
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="stack card" onSubmit=${submit} novalidate aria-labelledby="time-heading">
    <h2 id="time-heading">${t('timeEntry')}</h2>
    <${FormError} error=${error} shown=${['minutes', 'note', 'billable', 'internal']} />
    <${Field} id="te-minutes" label=${t('minutes')} error=${fe.minutes}>
      ${(a) => html`<input ...${a} type="number" inputmode="numeric" min="1" max="1440" value=${form.minutes}
        onInput=${(e) => setForm({ ...form, minutes: e.currentTarget.value })} />`}
    <//>
    <${Field} id="te-note" label=${t('note')} error=${fe.note}>
      ${(a) => html`<input ...${a} value=${form.note} onInput=${(e) => setForm({ ...form, note: e.currentTarget.value })} />`}
    <//>
    <div class="check">
      <input type="checkbox" id="te-billable" checked=${form.billable} onChange=${(e) => setForm({ ...form, billable: e.currentTarget.checked })} />
      <label for="te-billable">${t('billable')}</label>
    </div>
    <div class="check">
      <input type="checkbox" id="te-internal" checked=${form.internal} onChange=${(e) => setForm({ ...form, internal: e.currentTarget.checked })} />
      <label for="te-internal">${t('noteForStaff')}</label>
    </div>
    <button type="submit">${t('logTime')}</button>
    ${ok && html`<p role="status">${t('saved')}</p>`}
  </form>`;
}

function RatingForm({ ctx, ticket, onDone }) {
  const { api, t } = ctx;
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await api.rate(ticket.id, { score: score || null, comment: comment || null });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return html`<form class="stack card" onSubmit=${submit} novalidate aria-labelledby="rate-heading">
    <h2 id="rate-heading">${t('rate')}</h2>
    <${FormError} error=${error} shown=${['score', 'comment']} />
    <fieldset class="stars" aria-describedby=${error?.fields?.score ? 'rate-score-error' : undefined}>
      <legend>${t('score')}</legend>
      ${[1, 2, 3, 4, 5].map((n) => html`<span class="star">
        <input type="radio" name="score" id=${`rate-${n}`} value=${n} checked=${score === n} onChange=${() => setScore(n)} />
        <label for=${`rate-${n}`}>${n}</label></span>`)}
      ${error?.fields?.score && html`<p class="error" id="rate-score-error">${error.fields.score}</p>`}
    </fieldset>
    <${Field} id="rate-comment" label=${t('comment')} error=${error?.fields?.comment}>
      ${(a) => html`<textarea ...${a} rows="2" value=${comment} onInput=${(e) => setComment(e.currentTarget.value)}></textarea>`}
    <//>
    <button type="submit">${t('submitRating')}</button>
  </form>`;
}

/**
 * The people copied on a ticket (contacts of its client): staff, the requester and the client's administrators add and
 * remove them; a watcher may take themselves off. Anyone else who sees the ticket sees the list.
 */
function WatchersPanel({ ctx, ticket, onChanged }) {
  const { api, t, session } = ctx;
  const [items, setItems] = useState(null);
  const [email, setEmail] = useState('');
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    api.watchers(ticket.id).then((r) => live && setItems(r.items), (err) => live && setError(err));
    return () => { live = false; };
  }, [ticket.id, version]);
  const me = (session.email || '').toLowerCase();
  const manages = session.staff || session.clientAdmin || me === (ticket.requester.email || '').toLowerCase();
  const changed = () => { setVersion((v) => v + 1); onChanged(); };
  const add = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      await api.addWatcher(ticket.id, email.trim());
      setEmail('');
      changed();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (who) => {
    setError(null);
    try {
      await api.removeWatcher(ticket.id, who);
      changed();
    } catch (err) {
      setError(err);
    }
  };
  return html`<section class="stack card watchers" aria-labelledby="watchers-heading">
    <h2 id="watchers-heading">${t('watchers')}</h2>
    <${FormError} error=${error} shown=${['email']} />
    ${items === null ? html`<${Loading} t=${t} />` : items.length === 0 ? html`<p>${t('noWatchers')}</p>` : html`
      <ul class="watcher-list">${items.map((w) => html`<li data-watcher=${w.email}>
        ${w.name ? `${w.name} (${w.email})` : w.email}
        ${(manages || w.email === me) && html` <button type="button" class="link"
          aria-label=${`${t('removeWatcher')}: ${w.email}`} onClick=${() => remove(w.email)}>${t('removeWatcher')}</button>`}
      </li>`)}</ul>`}
    ${manages && ticket.status !== 'closed' && html`<form class="stack" onSubmit=${add} novalidate>
      <${Field} id="watcher-email" label=${t('watcherEmail')} error=${error?.fields?.email}>
        ${(a) => html`<input ...${a} type="email" autocomplete="off" value=${email} onInput=${(e) => setEmail(e.currentTarget.value)} />`}
      <//>
      <button type="submit">${t('addWatcher')}</button>
    </form>`}
  </section>`;
}

export function TicketPage({ ctx, id }) {
  const { api, t, f, session } = ctx;
  const [ticket, setTicket] = useState(null);
  const [events, setEvents] = useState([]);
  const [error, setError] = useState(null);
  const [version, setVersion] = useState(0);
  const reload = () => setVersion((v) => v + 1);
  const dir = useDirectory(api, session.staff);
  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const tk = await api.ticket(id);
        const all = [];
        let cursor;
        // A timeline beyond a few pages is rare; ten pages of 100 bound the work a page view may cause.
        for (let i = 0; i < 10; i++) {
          const page = await api.events(tk.id, cursor);
          all.push(...page.items);
          cursor = page.nextCursor;
          if (!cursor) break;
        }
        if (live) { setTicket(tk); setEvents(all); setError(null); }
      } catch (err) {
        if (live) setError(err);
      }
    })();
    return () => { live = false; };
  }, [id, version]);
  if (error && !ticket) return html`<section><${Heading}>${id}<//><${FormError} error=${error} /></section>`;
  if (!ticket) return html`<${Loading} t=${t} />`;
  const canRate = !session.staff && (ticket.status === 'resolved' || ticket.status === 'closed') && !ticket.rating;
  return html`<article aria-labelledby="page-title" class="ticket-page">
    <${Heading}><span class="number">${ticket.number}</span> ${ticket.subject}<//>
    <dl class="facts">
      <div><dt>${t('status')}</dt><dd class="ticket-status"><${StatusBadge} t=${t} status=${ticket.status} /></dd></div>
      <div><dt>${t('priority')}</dt><dd>${t(`priority.${ticket.priority}`)}</dd></div>
      <div><dt>${t('sla')}</dt><dd><${SlaBadge} t=${t} sla=${ticket.sla} />
        ${ticket.sla && html` <time datetime=${slaDue(ticket)}>${f.dateTime(slaDue(ticket))}</time>`}</dd></div>
      <div><dt>${t('requester')}</dt><dd>${ticket.requester.name || ticket.requester.email}</dd></div>
      ${session.staff && html`<div><dt>${t('assignee')}</dt><dd class="ticket-assignee">${ticket.assigneeId ? dir.person(ticket.assigneeId) : t('nobody')}</dd></div>
        <div><dt>${t('group')}</dt><dd class="ticket-group">${ticket.groupId ? dir.group(ticket.groupId) : t('noGroup')}</dd></div>`}
      <div><dt>${t('created')}</dt><dd><time datetime=${ticket.createdAt}>${f.dateTime(ticket.createdAt)}</time></dd></div>
      ${ticket.rating && html`<div><dt>${t('rated')}</dt><dd class="rating">${'★'.repeat(ticket.rating.score)}${'☆'.repeat(5 - ticket.rating.score)}</dd></div>`}
    </dl>
    <div class="description body">${ticket.description}</div>
    <${AttachmentList} ctx=${ctx} ticket=${ticket} events=${events} />
    <div class="columns">
      <section aria-labelledby="timeline-heading" class="main-col">
        <h2 id="timeline-heading">${t('timeline')}</h2>
        <${Timeline} ctx=${ctx} ticket=${ticket} events=${events} dir=${dir} />
        ${ticket.status !== 'closed' && html`<${ReplyForm} ctx=${ctx} ticket=${ticket} onDone=${reload} />`}
        ${canRate && html`<${RatingForm} ctx=${ctx} ticket=${ticket} onDone=${reload} />`}
        ${!session.staff && ticket.clientId && html`<${WatchersPanel} ctx=${ctx} ticket=${ticket} onChanged=${reload} />`}
      </section>
      ${session.staff && html`<aside class="side-col" aria-label=${t('workOnTicket')}>
        <${ChangeForm} ctx=${ctx} ticket=${ticket} onDone=${reload} />
        ${ticketPanels.map((p) => p(ticket, ctx, reload, dir))}
        ${ticket.clientId && html`<${WatchersPanel} ctx=${ctx} ticket=${ticket} onChanged=${reload} />`}
        ${ticket.clientId && html`<${TimeForm} ctx=${ctx} ticket=${ticket} onDone=${reload} />`}
      </aside>`}
    </div>
  </article>`;
}

// ---- contract, invoices ----

export function ContractPage({ ctx }) {
  const { api, t, f, session } = ctx;
  const [{ items, error }] = usePaged((cursor) => api.contracts({ clientId: session.clientId, limit: 25, cursor }), []);
  return html`<section aria-labelledby="page-title">
    <${Heading}>${t('contract')}<//>
    <${FormError} error=${error} />
    ${items === null ? html`<${Loading} t=${t} />` : items.length === 0 ? html`<p>${t('nothing')}</p>` : items.map((c) => html`
      <section class="card contract" aria-label=${c.name}>
        <h2>${c.name}</h2>
        <dl class="facts">
          <div><dt>${t('period')}</dt><dd>${f.date(c.startsOn)} – ${c.endsOn ? f.date(c.endsOn) : '…'}</dd></div>
          <div><dt>${t('reaction')}</dt><dd>${c.sla.reactionMinutes} ${t('minutesUnit')}</dd></div>
          <div><dt>${t('resolution')}</dt><dd>${c.sla.resolutionMinutes} ${t('minutesUnit')}</dd></div>
          <div><dt>${t('calendar')}</dt><dd>${c.sla.calendar}</dd></div>
          <div><dt>${t('overageRate')}</dt><dd>${f.money(c.overageRate)}</dd></div>
        </dl>
        <h3>${t('balance')} (${f.date(c.balance.periodStart)} – ${f.date(c.balance.periodEnd)})</h3>
        <dl class="facts balance">
          <div><dt>${t('prepaid')}</dt><dd>${c.balance.prepaidMinutes} ${t('minutesUnit')}</dd></div>
          <div><dt>${t('used')}</dt><dd>${c.balance.usedMinutes} ${t('minutesUnit')}</dd></div>
          <div><dt>${t('remaining')}</dt><dd>${c.balance.remainingMinutes} ${t('minutesUnit')}</dd></div>
          <div><dt>${t('overage')}</dt><dd>${c.balance.overageMinutes} ${t('minutesUnit')} · ${f.money(c.balance.overageAmount)}</dd></div>
        </dl>
      </section>`)}
  </section>`;
}

export function InvoicesPage({ ctx }) {
  const { api, t, f } = ctx;
  const [{ items, next, error }, more] = usePaged((cursor) => api.invoices({ limit: 25, cursor }), []);
  return html`<section aria-labelledby="page-title">
    <${Heading}>${t('invoices')}<//>
    <${FormError} error=${error} />
    ${items === null ? html`<${Loading} t=${t} />` : items.length === 0 ? html`<p>${t('nothing')}</p>` : html`
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('number')}</th><th scope="col">${t('issuedOn')}</th><th scope="col">${t('dueOn')}</th>
        <th scope="col">${t('status')}</th><th scope="col">${t('total')}</th><th scope="col">${t('pdf')}</th></tr></thead>
      <tbody>${items.map((i) => html`<tr>
        <td data-label=${t('number')}>${i.number}</td><td data-label=${t('issuedOn')}>${f.date(i.issuedOn)}</td>
        <td data-label=${t('dueOn')}>${f.date(i.dueOn)}</td><td data-label=${t('status')}>${i.status}</td>
        <td data-label=${t('total')}>${f.money(i.total)}</td>
        <td data-label=${t('pdf')}>${i.pdfUrl ? html`<a href=${i.pdfUrl} rel="noopener noreferrer" download>${t('download')} ${i.number}</a>` : '—'}</td>
      </tr>`)}</tbody></table></div>`}
    <${MoreButton} t=${t} next=${next} more=${more} />
  </section>`;
}

// ---- staff: clients, mail log ----

/** An admin sets or removes a client's account manager (who then owns the client's new tickets). */
function AccountManagerForm({ ctx, client, dir, onSaved }) {
  const { api, t } = ctx;
  const current = (client.accountManagerId || '').toLowerCase();
  const [value, setValue] = useState(current);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const [ok, setOk] = useState(false);
  const id = `am-${client.id}`;
  const people = dir.staff.filter((s) => s.active || s.email.toLowerCase() === current);
  if (current && !people.some((s) => s.email.toLowerCase() === current)) people.push({ email: current, name: null });
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    setOk(false);
    setBusy(true);
    try {
      const saved = await api.changeClient(client.id, { accountManagerId: value || null });
      setOk(true);
      onSaved(saved);
    } catch (err) {
      setError(err);
    }
    setBusy(false);
  };
  return html`<form class="account-manager" onSubmit=${submit} novalidate>
    <${FormError} error=${error} shown=${['accountManagerId']} />
    <${Field} id=${id} label=${`${t('accountManager')}: ${client.name}`} error=${error?.fields?.accountManagerId}>
      ${(a) => html`<select ...${a} value=${value} onChange=${(e) => setValue(e.currentTarget.value)}>
        <option value="">${t('nobody')}</option>
        ${people.map((s) => html`<option value=${s.email.toLowerCase()}>${s.name ? `${s.name} (${s.email})` : s.email}</option>`)}
      </select>`}
    <//>
    <button type="submit" class="secondary" disabled=${busy || value === current}>${t('save')}</button>
    ${ok && html`<p role="status">${t('saved')}</p>`}
  </form>`;
}

export function ClientsPage({ ctx }) {
  const { api, t, session } = ctx;
  const admin = session.roles.includes('admin');
  const dir = useDirectory(api, true);
  const [changed, setChanged] = useState({});
  const [{ items, next, error }, more] = usePaged((cursor) => api.clients({ limit: 50, cursor }), []);
  return html`<section aria-labelledby="page-title">
    <${Heading}>${t('clients')}<//>
    <${FormError} error=${error} />
    ${admin && html`<p class="hint">${t('accountManagerHint')}</p>`}
    ${items === null ? html`<${Loading} t=${t} />` : items.length === 0 ? html`<p>${t('nothing')}</p>` : html`
    <div class="table-wrap"><table class="clients">
      <thead><tr><th scope="col">${t('name')}</th><th scope="col">${t('domains')}</th>
        <th scope="col">${t('accountManager')}</th><th scope="col">${t('id')}</th></tr></thead>
      <tbody>${items.map((c0) => {
        const c = changed[c0.id] || c0;
        return html`<tr data-client=${c.id}><td data-label=${t('name')}>${c.name}</td>
        <td data-label=${t('domains')}>${c.emailDomains.join(', ')}</td>
        <td data-label=${t('accountManager')} class="account-manager-cell">${admin
          ? html`<${AccountManagerForm} key=${c.id} ctx=${ctx} client=${c} dir=${dir} onSaved=${(s) => setChanged({ ...changed, [s.id]: s })} />`
          : (c.accountManagerId ? dir.person(c.accountManagerId) : t('nobody'))}</td>
        <td data-label=${t('id')}><code>${c.id}</code></td></tr>`;
      })}</tbody>
    </table></div>`}
    <${MoreButton} t=${t} next=${next} more=${more} />
  </section>`;
}

export function MailLogPage({ ctx }) {
  const { api, t, f } = ctx;
  const [{ items, next, error }, more] = usePaged((cursor) => api.mailLog({ limit: 50, cursor }), []);
  return html`<section aria-labelledby="page-title">
    <${Heading}>${t('mailLog')}<//>
    <${FormError} error=${error} />
    ${items === null ? html`<${Loading} t=${t} />` : items.length === 0 ? html`<p>${t('nothing')}</p>` : html`
    <div class="table-wrap"><table>
      <thead><tr><th scope="col">${t('received')}</th><th scope="col">${t('from')}</th><th scope="col">${t('subject')}</th>
        <th scope="col">${t('outcome')}</th><th scope="col">${t('reason')}</th></tr></thead>
      <tbody>${items.map((m) => html`<tr><td data-label=${t('received')}>${f.dateTime(m.receivedAt)}</td>
        <td data-label=${t('from')}>${m.from || '—'}</td><td data-label=${t('subject')}>${m.subject || '—'}</td>
        <td data-label=${t('outcome')}>${m.outcome}</td><td data-label=${t('reason')}>${m.reason || ''}</td></tr>`)}</tbody>
    </table></div>`}
    <${MoreButton} t=${t} next=${next} more=${more} />
  </section>`;
}
