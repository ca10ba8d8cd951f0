// The desk's directory for staff: the tenant's groups and staff, loaded once per session (a few pages at most) and
// shared by the queue, the ticket page and the groups page. Names for emails and group ids come from here.
import { useEffect, useState } from 'preact/hooks';

// Ten pages of 100: a service company's staff and groups fit many times over; beyond that ids show as they are.
const MAX_PAGES = 10;
const cache = new WeakMap(); // api (one per session) -> { groups, staff } promises

async function everything(load) {
  const items = [];
  let cursor;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await load({ limit: 100, cursor });
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

function entry(api) {
  let e = cache.get(api);
  if (!e) {
    e = { groups: everything(api.groups), staff: everything(api.staff) };
    cache.set(api, e);
  }
  return e;
}

/** Forget the groups (after one was added) so the next use loads them again. */
export function groupsChanged(api) {
  const e = cache.get(api);
  if (e) e.groups = everything(api.groups);
}

/**
 * { groups, staff, error, person(email), group(id) } for staff; for anyone else (or while loading) empty lists and
 * names that are the raw values. `version` reloads after groupsChanged.
 */
export function useDirectory(api, enabled, version = 0) {
  const [state, setState] = useState({ groups: [], staff: [], error: null, ready: false });
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    const e = entry(api);
    Promise.all([e.groups, e.staff]).then(
      ([groups, staff]) => live && setState({ groups, staff, error: null, ready: true }),
      (error) => live && setState((s) => ({ ...s, error, ready: true })),
    );
    return () => { live = false; };
  }, [api, enabled, version]);
  const people = new Map(state.staff.map((s) => [s.email.toLowerCase(), s]));
  const groups = new Map(state.groups.map((g) => [g.id, g]));
  return {
    ...state,
    person: (email) => {
      const s = email && people.get(email.toLowerCase());
      return s?.name ? `${s.name} (${s.email})` : email;
    },
    group: (id) => groups.get(id)?.name ?? id,
  };
}
