// Places where features that land later plug in without rewriting the pages (assignees and groups, uploads, reports).
// Each is a list the feature's module pushes to; the pages render whatever is there.

/** Extra columns of the ticket list: { key, label: (t) => string, cell: (ticket, ctx) => vnode }. */
export const ticketColumns = [];

/** Extra queue filters for agents: { key, label: (t) => string, options: (ctx) => [{value, label}], param }. */
export const queueFilters = [];

/** Extra panels on the ticket page for staff: (ticket, ctx) => vnode (e.g. assignee and group). */
export const ticketPanels = [];

/** Extra navigation entries: { path, label: (t) => string, when: (session) => boolean, page: component }. */
export const pages = [];
