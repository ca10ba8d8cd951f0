// Attachments: choosing files (checked here against the API's cap before anything is sent), uploading them one by
// one with progress and a message per file, and the ticket's files with links that download them.
import { html } from 'htm/preact';
import { useState } from 'preact/hooks';

/** The API's cap per file (UploadService.MAX_SIZE): 25 MB, decimal, as the message says. */
export const MAX_FILE_BYTES = 25_000_000;

// The media types the API takes (NewUpload.contentType); anything else is declared as octet-stream.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/;

function declaredType(file) {
  const bare = (file.type || '').toLowerCase().split(';')[0].trim();
  return MEDIA_TYPE.test(bare) ? bare : 'application/octet-stream';
}

let seq = 0;

/** Why a file cannot be sent (a translation key), or null. */
function problemOf(file) {
  if (file.size === 0) return 'fileEmpty';
  if (file.size > MAX_FILE_BYTES) return 'fileTooLarge';
  return null;
}

/**
 * The chosen files and what became of each: { key, file, problem, state: ready|uploading|done|failed, progress,
 * message }. Returns [files, actions].
 */
export function useFiles() {
  const [files, setFiles] = useState([]);
  const update = (key, change) => setFiles((fs) => fs.map((x) => (x.key === key ? { ...x, ...change } : x)));
  return [files, {
    add: (list) => setFiles((fs) => fs.concat(Array.from(list, (file) => ({
      key: `f${++seq}`, file, problem: problemOf(file), state: 'ready', progress: 0, message: null,
    })))),
    remove: (key) => setFiles((fs) => fs.filter((x) => x.key !== key)),
    /** Keeps only the files that did not make it (after a send), so they can be tried again or removed. */
    keepFailed: () => setFiles((fs) => fs.filter((x) => x.state !== 'done')),
    clear: () => setFiles([]),
    update,
  }];
}

/** Files that may be sent: something chosen and nothing too large or empty among them. */
export const sendable = (files) => files.every((x) => !x.problem);

/**
 * Uploads each file that is not attached yet, one after the other (a slow line shares its bandwidth with nothing);
 * true when all of them were.
 */
export async function uploadAll(api, t, ticketId, files, update, { internal = false } = {}) {
  let ok = true;
  for (const x of files) {
    if (x.state === 'done') continue;
    update(x.key, { state: 'uploading', progress: 0, message: null });
    try {
      await api.upload(ticketId, x.file, declaredType(x.file), {
        internal,
        onProgress: (p) => update(x.key, { progress: p }),
      });
      update(x.key, { state: 'done', progress: 1 });
    } catch (err) {
      ok = false;
      update(x.key, { state: 'failed', message: err.status === 0 ? t('uploadNetwork') : err.message });
    }
  }
  return ok;
}

/**
 * The file input and the chosen files, each with its name, size, state and a remove button (until it is sent).
 * `id` names the input; the label and the hint come with it.
 */
export function FilePicker({ id, t, f, files, actions, busy }) {
  const hintId = `${id}-hint`;
  const onChange = (e) => {
    const input = e.currentTarget;
    actions.add(input.files);
    // The same file may be chosen again after it was removed.
    input.value = '';
  };
  return html`<fieldset class="files-picker">
    <legend>${t('attachments')}</legend>
    <div class="field">
      <label for=${id}>${t('attachFiles')}</label>
      <input type="file" id=${id} multiple aria-describedby=${hintId} disabled=${busy} onChange=${onChange} />
      <p class="hint" id=${hintId}>${t('attachHint')}</p>
    </div>
    ${files.length > 0 && html`<ul class="files" aria-live="polite">
      ${files.map((x) => html`<li class=${`file file-${x.problem ? 'invalid' : x.state}`} data-file=${x.file.name}>
        <span class="file-name">${x.file.name}</span> <span class="file-size">${f.size(x.file.size)}</span>
        ${x.problem
          ? html`<p class="error file-message">${t(x.problem)}</p>`
          : html`<span class="file-state">${t(`file.${x.state}`)}</span>`}
        ${x.state === 'uploading' && html`<progress max="1" value=${x.progress}
          aria-label=${`${t('file.uploading')} ${x.file.name}`}></progress>`}
        ${x.state === 'failed' && html`<p class="error file-message">${x.message}</p>`}
        ${x.state !== 'done' && x.state !== 'uploading' && !busy && html`<button type="button" class="secondary small"
          aria-label=${`${t('removeFile')}: ${x.file.name}`} onClick=${() => actions.remove(x.key)}>${t('removeFile')}</button>`}
      </li>`)}
    </ul>`}
  </fieldset>`;
}

/**
 * A link to an attachment: its href is the API's route (what the file is), and a click fetches it with the token
 * and saves it under its name, since the route answers nobody without one.
 */
export function AttachmentLink({ ctx, ticketId, data }) {
  const { api, t } = ctx;
  const [error, setError] = useState(null);
  // idle, busy, done or failed: shown as data-download, so a test waits for the outcome, never a sleep.
  const [state, setState] = useState('idle');
  const busy = state === 'busy';
  const onClick = async (e) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setState('busy');
    try {
      const blob = await api.download(ticketId, data.attachmentId);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = data.filename || 'file';
      document.body.appendChild(a);
      a.click();
      a.remove();
      // The save has started by now; the URL is not needed after it.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState('done');
    } catch (err) {
      setError(err.status === 0 || !err.status ? t('downloadFailed') : `${t('downloadFailed')}: ${err.message}`);
      setState('failed');
    }
  };
  return html`<span class="attachment">
    <a class="attachment-link" href=${api.attachmentUrl(ticketId, data.attachmentId)} data-attachment=${data.attachmentId}
      aria-busy=${busy ? 'true' : undefined} data-download=${state} onClick=${onClick}>${data.filename}</a>
    ${error && html` <span class="error" role="alert">${error}</span>`}
  </span>`;
}

/** The ticket's files (every attachment_added event the caller may see), newest last. */
export function AttachmentList({ ctx, ticket, events }) {
  const { t, f } = ctx;
  const files = events.filter((ev) => ev.type === 'attachment_added' && ev.data?.attachmentId);
  return html`<section aria-labelledby="attachments-heading" class="card attachments-card">
    <h2 id="attachments-heading">${t('attachments')}</h2>
    ${files.length === 0 ? html`<p>${t('noAttachments')}</p>` : html`<ul class="attachments">
      ${files.map((ev) => html`<li data-attachment-id=${ev.data.attachmentId}>
        <${AttachmentLink} ctx=${ctx} ticketId=${ticket.id} data=${ev.data} />
        <span class="file-size">${f.size(ev.data.size)}</span>
        ${!ev.public && html`<span class="badge internal-badge">${t('internal')}</span>`}
        <span class="what">${ev.actor.email || t('system')}</span>
        <time datetime=${ev.at}>${f.dateTime(ev.at)}</time>
      </li>`)}
    </ul>`}
  </section>`;
}
