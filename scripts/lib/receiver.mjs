// A lead receiver, for the demo (`npm start` mounts it at /api/leads) and the browser tests (each
// spec starts its own on a free port). It accepts leads as the elements send them: JSON or
// form-encoded (nested keys in brackets, as the elements write them), answers CORS preflights,
// records every request, and answers with the status the caller scripts (tests: a 500, then 200).
//
//   POST    /api/leads          a lead (JSON or form-encoded) -> 200 { ok, id } (or the scripted status)
//   OPTIONS any path            the CORS preflight
//   GET     /api/leads          { status, leads: [...] }: what was received (the demo page polls it)
//   POST    /api/leads/status   { "status": 503 }: answer every lead with that status from now on
//                               (the demo's "receiver down" switch; 200 to restore)
import { createServer } from 'node:http';
import { staticServer } from './server.mjs';

const MAX_BODY = 64 * 1024;

/** Parses `a[b][c]=v&...` into nested objects (values stay strings). */
export function parseForm(text) {
  const out = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const path = key.split(/\[|\]\[|\]$/).filter((k, i) => i === 0 || k !== '');
    let node = out;
    for (const k of path.slice(0, -1)) node = node[k] && typeof node[k] === 'object' ? node[k] : (node[k] = {});
    node[path.at(-1)] = value;
  }
  return out;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) reject(Object.assign(new Error('too large'), { status: 413 }));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A receiver: `handle(req, res)` answers one request; `requests` lists every request
 * ({ method, path, type, raw, data, status }); `leads` the accepted ones (data with `id`,
 * `receivedAt` and `duplicate`, true when an accepted lead had the same id before).
 * `next` is a queue of statuses for the coming POSTs (then `status`, default 200); set
 * `answer` to a function (request) => status to decide per request.
 */
export function leadReceiver({ log = false } = {}) {
  const receiver = {
    requests: [],
    leads: [],
    next: [],
    status: 200,
    answer: null,
    reset() {
      this.requests.length = 0;
      this.leads.length = 0;
      this.next.length = 0;
      this.status = 200;
      this.answer = null;
    },
    async handle(req, res) {
      const url = new URL(req.url, 'http://localhost');
      const cors = {
        'access-control-allow-origin': req.headers.origin ?? '*',
        'access-control-allow-methods': 'POST, GET, OPTIONS',
        'access-control-allow-headers': 'content-type',
        vary: 'origin',
        'cache-control': 'no-store',
      };
      const reply = (status, body) => {
        res.writeHead(status, { ...cors, 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'OPTIONS') {
        receiver.requests.push({ method: 'OPTIONS', path: url.pathname });
        res.writeHead(204, cors);
        return res.end();
      }
      if (req.method === 'GET' && url.pathname === '/api/leads') return reply(200, { status: receiver.status, leads: receiver.leads });
      if (req.method !== 'POST') return reply(405, { error: 'method not allowed' });
      let raw;
      try {
        raw = await readBody(req);
      } catch (e) {
        return reply(e.status ?? 400, { error: e.message });
      }
      if (url.pathname === '/api/leads/status') {
        const status = Number(JSON.parse(raw || '{}').status);
        receiver.status = status >= 200 && status < 600 ? status : 200;
        return reply(200, { status: receiver.status });
      }
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim();
      let data = null;
      try {
        data = type === 'application/x-www-form-urlencoded' ? parseForm(raw) : JSON.parse(raw);
      } catch { /* recorded as raw text */ }
      const request = { method: 'POST', path: url.pathname, type, raw, data };
      request.status = receiver.answer?.(request) ?? receiver.next.shift() ?? receiver.status;
      receiver.requests.push(request);
      if (request.status >= 200 && request.status < 300 && data) {
        const id = data.id ?? null;
        receiver.leads.push({ ...data, receivedAt: new Date().toISOString(), duplicate: id !== null && receiver.leads.some((l) => l.id === id) });
      }
      if (log) {
        const who = data?.lead?.email ?? data?.fields?.find?.((f) => f.name === 'email')?.value ?? '?';
        console.log(`lead ${request.status} ${url.pathname} ${type}: ${who} (${data?.calculator ?? 'hubspot'}, id ${data?.id ?? '-'})`);
      }
      return reply(request.status, request.status < 300 ? { ok: true, id: data?.id ?? null } : { error: `answered ${request.status}` });
    },
  };
  return receiver;
}

/** A receiver on its own HTTP server (tests): every path goes to it. */
export function receiverServer(options) {
  const receiver = leadReceiver(options);
  const server = createServer((req, res) => receiver.handle(req, res));
  return { receiver, server };
}

/** The demo site as `npm start` serves it: www/ at /, dist/ at /dist/, a receiver at /api/leads. */
export function demoServer(root, options) {
  const receiver = leadReceiver(options);
  const handle = (req, res) => receiver.handle(req, res);
  const server = staticServer({ '/': `${root}www`, '/dist/': `${root}dist` }, { '/api/leads': handle, '/api/leads/status': handle });
  return { receiver, server };
}
