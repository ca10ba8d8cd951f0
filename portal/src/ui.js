// Small building blocks shared by the pages: labelled fields with their problem-document error beside them.
import { html } from 'htm/preact';

let seq = 0;
export const uid = (p) => `${p}-${++seq}`;

/**
 * A labelled control. `error` is the message the API gave for this field (problem document `errors`); it is tied to
 * the control with aria-describedby so a screen reader reads it with the field.
 */
export function Field({ id, label, error, hint, children }) {
  const errId = `${id}-error`;
  const hintId = `${id}-hint`;
  const described = [hint ? hintId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  return html`<div class=${`field${error ? ' has-error' : ''}`}>
    <label for=${id}>${label}</label>
    ${children({ id, 'aria-describedby': described, 'aria-invalid': error ? 'true' : undefined })}
    ${hint && html`<p class="hint" id=${hintId}>${hint}</p>`}
    ${error && html`<p class="error" id=${errId}>${error}</p>`}
  </div>`;
}

/** A problem that belongs to no field (or to fields this form does not show). */
export function FormError({ error, shown = [] }) {
  if (!error) return null;
  const rest = Object.entries(error.fields || {}).filter(([f]) => !shown.includes(f));
  return html`<div class="alert" role="alert">
    <p>${error.message}</p>
    ${rest.length > 0 && html`<ul>${rest.map(([f, m]) => html`<li><code>${f}</code>: ${m}</li>`)}</ul>`}
  </div>`;
}

export function Loading({ t }) {
  return html`<p aria-live="polite">${t('loading')}</p>`;
}

export function StatusBadge({ t, status }) {
  return html`<span class=${`badge status-${status}`}>${t(`status.${status}`)}</span>`;
}

export function SlaBadge({ t, sla }) {
  const state = sla ? sla.state : 'none';
  return html`<span class=${`badge sla-${state}`}>${t(`sla.${state}`)}</span>`;
}

/** When the SLA's next clock runs out: the reaction due time until answered, then the resolution's. */
export function slaDue(ticket) {
  if (!ticket.sla) return null;
  return ticket.firstResponseAt ? ticket.sla.resolutionDueAt : ticket.sla.reactionDueAt;
}
