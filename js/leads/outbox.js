// The lead outbox: a lead is stored before it is sent, and each destination is struck off the
// moment it answers 2xx, before the next request goes out. What is left is sent again on the
// next page load that has a calculator, or when the browser comes back online, until it is
// delivered or EXPIRY_DAYS after it was first submitted (then it is dropped unsent). Sending
// runs one at a time under a Web Lock shared by the site's tabs, so a destination that answered
// 2xx is never sent the same lead again.
//
// The leads are kept in IndexedDB (database "kundenwert-leads"), not in localStorage: Chromium's
// localStorage is cached per renderer process and not consistent across tabs, so a tab that takes
// the lock right after another delivered a lead could still read it as waiting. localStorage only
// holds a flag ("kundenwert-leads": this browser has queued a lead), so pages of visitors who never
// sent one do not open a database. Without IndexedDB the outbox lives in memory for the page.
// Importing this module has no side effects.
const NAME = 'kundenwert-leads';
export const EXPIRY_DAYS = 7;

let db = null;
let resumed = false;
let chain = Promise.resolve();
const memory = new Map(); // when IndexedDB cannot be used
const delivered = new Set(); // ids delivered by this page

/** Runs a request on the store; resolves with its result once its transaction has completed. */
function run(mode, use) {
  db ??= new Promise((resolve, reject) => {
    const open = indexedDB.open(NAME, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('leads', { keyPath: 'id' });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return db.then((d) => new Promise((resolve, reject) => {
    const tx = d.transaction('leads', mode);
    const request = use(tx.objectStore('leads'));
    tx.oncomplete = () => resolve(request.result);
    tx.onerror = tx.onabort = () => reject(tx.error);
  }));
}

/** The stored leads: [{ id, expires, sends: { name: { url, type, body } } }]. */
async function read() {
  try {
    return await run('readonly', (store) => store.getAll());
  } catch {
    return [...memory.values()];
  }
}

/** Stores a lead as it now stands: without its delivered destinations, gone when none is left. */
async function save(entry) {
  const keep = Object.keys(entry.sends).length > 0;
  if (keep) memory.set(entry.id, entry);
  else memory.delete(entry.id);
  try {
    localStorage.setItem(NAME, '1');
  } catch { /* then only the 'online' event and this page resume it */ }
  try {
    await run('readwrite', (store) => (keep ? store.put(entry) : store.delete(entry.id)));
  } catch { /* kept in memory */ }
}

/** Runs `fn` alone: after every earlier call on this page, and under the site-wide lock. */
function locked(fn) {
  const next = () => (globalThis.navigator?.locks ? navigator.locks.request(NAME, fn) : fn());
  chain = chain.then(next, next);
  return chain;
}

async function post({ url, type, body }) {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
      credentials: 'omit',
      signal: AbortSignal.timeout?.(15_000),
    });
    return res.ok;
  } catch {
    return false; // offline, refused, blocked by CORS, timed out
  }
}

/** Sends a lead's destinations in turn, striking off each delivered one; true when all are. */
async function send(entry) {
  for (const [name, request] of Object.entries(entry.sends)) {
    if (await post(request)) {
      delete entry.sends[name];
      await save(entry);
    }
  }
  const done = !Object.keys(entry.sends).length;
  if (done) delivered.add(entry.id);
  return done;
}

/**
 * Stores lead `id` with its requests ({ name: { url, type, body } }) and sends them; resolves
 * to true once every destination answered 2xx. Sending the same id again (a retry, perhaps
 * with corrected entries) sends the new requests, but only to the destinations that have not
 * yet received it; a lead already delivered is not sent again.
 */
export function deliver(id, sends) {
  return locked(async () => {
    if (delivered.has(id)) return true;
    const stored = (await read()).find((e) => e.id === id);
    const entry = {
      id,
      expires: stored?.expires ?? Date.now() + EXPIRY_DAYS * 864e5,
      sends: stored ? Object.fromEntries(Object.keys(stored.sends).map((name) => [name, sends[name] ?? stored.sends[name]])) : { ...sends },
    };
    await save(entry);
    return send(entry);
  });
}

/** Drops expired leads and sends the others. */
export function flush() {
  return locked(async () => {
    for (const entry of await read()) {
      if (entry.expires > Date.now() && entry.sends) await send(entry);
      else await save({ id: entry.id, sends: {} }); // expired: dropped unsent
    }
  });
}

/** Once per page: sends what an earlier visit left, and again whenever the browser comes online. */
export function resume() {
  if (resumed || typeof window === 'undefined') return;
  resumed = true;
  addEventListener('online', () => flush());
  let queued = false;
  try {
    queued = !!localStorage.getItem(NAME);
  } catch { /* no storage: nothing was queued */ }
  if (queued) setTimeout(() => flush());
}
