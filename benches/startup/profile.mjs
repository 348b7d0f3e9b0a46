// Where the start-up time goes: fresh loads of the blog page (or the mock page) under
// Chromium's CPU profiler and timeline trace, from navigation to the first result
// ('kw-first-result'). Prints the renderer main thread's time by kind of work (style, layout,
// script compile and run, HTML parsing, wasm compile), the JS functions with the most self
// time (summed over the loads), and the resource waterfall of the last load.
//
// Main-thread figures are thread (CPU) time where the trace has it (`tdur`), so that other
// processes on a busy machine change them less than wall-clock times.
//
//   node benches/startup/profile.mjs [--loads 5] [--top 25] [--before DIR] [--mock]   (after npm run build)
// --before DIR profiles an earlier build's dist/ too, load for load interleaved (see page.mjs).
import { startBrowser, writeBeforePage, writeMockPage } from '../page.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const loads = Number(arg('loads', 5));
const top = Number(arg('top', 25));
const pages = { now: '/www/blog/was-ist-ihr-kunde-wert.html' };
if (arg('before', null)) pages.before = '/target/bench/startup-before.html';
if (process.argv.includes('--mock')) pages.mock = '/target/bench/startup-mock.html';

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing',
  'disabled-by-default-v8.cpu_profiler', 'loading', 'v8', 'blink'];

// Timeline events on the main thread, folded into kinds of work (their self time: minus the
// time of events nested inside them).
const KINDS = {
  ParseHTML: 'HTML parsing',
  UpdateLayoutTree: 'style recalculation',
  RecalculateStyles: 'style recalculation',
  Layout: 'layout',
  'v8.compile': 'JS compile',
  'v8.compileModule': 'JS compile',
  'v8.parseOnBackground': 'JS compile',
  'V8.CompileCode': 'JS compile',
  EvaluateScript: 'JS run (module evaluation)',
  'v8.evaluateModule': 'JS run (module evaluation)',
  FunctionCall: 'JS run (callbacks, tasks)',
  RunMicrotasks: 'JS run (callbacks, tasks)',
  'v8.run': 'JS run (module evaluation)',
  'wasm.SyncCompile': 'wasm compile',
  'wasm.CompileLazy': 'wasm compile',
  'v8.wasm.streamFromResponseCallback': 'wasm compile',
  'v8.wasm.compiledModule': 'wasm compile',
  ParseAuthorStyleSheet: 'CSS parsing',
  Paint: 'paint',
  PrePaint: 'paint',
  MajorGC: 'GC',
  MinorGC: 'GC',
  'V8.GC_SCAVENGER': 'GC',
};

function analyse(events) {
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  // The renderer of the page: the one that marked the first result.
  const mark = events.find((e) => e.name === 'kw-first-result' && e.cat.includes('user_timing'));
  const nav = events.find((e) => e.name === 'navigationStart' && e.pid === mark?.pid);
  if (!mark) throw new Error('no kw-first-result mark in the trace');
  const main = [...threads].find(([k, v]) => v === 'CrRendererMain' && k.startsWith(`${mark.pid}:`))[0];
  const start = nav?.ts ?? 0;
  const end = mark.ts;
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X' && e.ts < end && e.ts + e.dur > start);
  // Self time of each complete event: its duration minus that of its direct children.
  onMain.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const kinds = new Map();
  const stack = [];
  const self = new Map();
  for (const e of onMain) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    const cost = (x) => x.tdur ?? x.dur; // thread time when the trace has it
    if (parent) self.set(parent, (self.get(parent) ?? cost(parent)) - cost(e));
    self.set(e, cost(e));
    stack.push(e);
  }
  let busy = 0;
  for (const e of onMain) {
    // only the part of each event before the first result
    const inside = Math.max(0, Math.min(self.get(e), end - Math.max(e.ts, start))) / 1000;
    const kind = KINDS[e.name] ?? `other: ${e.name}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + inside);
    busy += inside;
  }
  // JS functions from the sampling profiler (ProfileChunk events of that renderer).
  // Sample times: the Profile event's startTime plus the running sum of the chunks' deltas.
  const nodes = new Map();
  const fnSelf = new Map();
  const clock = new Map();
  for (const e of events) {
    if (e.name === 'Profile' && e.pid === mark.pid) clock.set(e.id, e.args.data.startTime);
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || e.pid !== mark.pid) continue;
    const data = e.args.data;
    for (const n of data.cpuProfile?.nodes ?? []) nodes.set(`${e.id}:${n.id}`, n.callFrame);
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    let t = clock.get(e.id) ?? 0;
    for (let i = 0; i < samples.length; i++) {
      t += deltas[i] ?? 0;
      if (i + 1 < samples.length) clock.set(e.id, t);
      const f = nodes.get(`${e.id}:${samples[i]}`);
      if (!f || t < start || t > end) continue;
      const file = f.url ? f.url.replace(/^https?:\/\/[^/]+/, '') : '';
      const key = `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
      fnSelf.set(key, (fnSelf.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
    }
    clock.set(e.id, t);
  }
  return { total: (end - start) / 1000, busy, kinds, fnSelf };
  // (busy: the main thread's time until the first result, summed over every event's self time)
}

const { browser, base, close } = await startBrowser();
await writeMockPage();
if (pages.before) await writeBeforePage(arg('before'));
const per = Object.fromEntries(Object.keys(pages).map((k) => [k, { kinds: new Map(), fns: new Map(), totals: [], busy: [], waterfall: null }]));
const keys = Object.keys(pages);
for (let i = 0; i < loads; i++) {
  for (let j = 0; j < keys.length; j++) {
    const key = keys[(i + j) % keys.length];
    const r = per[key];
    const context = await browser.newContext();
    const page = await context.newPage();
    // Every Intl object made before the first result, timed (wrapped before the page's scripts run).
    await page.addInitScript(() => {
      window.kwIntl = [];
      for (const name of ['NumberFormat', 'PluralRules', 'Locale', 'DateTimeFormat']) {
        const C = Intl[name];
        Intl[name] = new Proxy(C, {
          construct(target, args) {
            const t = performance.now();
            const made = Reflect.construct(target, args);
            if (!performance.getEntriesByName('kw-first-result').length) window.kwIntl.push({ name, ms: performance.now() - t });
            return made;
          },
        });
      }
    });
    await browser.startTracing(page, { categories: CATEGORIES });
    await page.goto(base + pages[key]);
    await page.waitForFunction(() => performance.getEntriesByName('kw-first-result').length > 0);
    r.waterfall = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const first = performance.getEntriesByName('kw-first-result')[0].startTime;
      return {
        dcl: nav.domContentLoadedEventStart,
        first,
        intl: window.kwIntl,
        resources: performance.getEntriesByType('resource').map((x) => ({ name: new URL(x.name).pathname, start: x.startTime, end: x.responseEnd })),
      };
    });
    const trace = JSON.parse(String(await browser.stopTracing()));
    await context.close();
    const a = analyse(trace.traceEvents);
    r.totals.push(a.total);
    r.busy.push(a.busy);
    (r.intl ??= []).push(r.waterfall.intl);
    for (const [k, v] of a.kinds) r.kinds.set(k, (r.kinds.get(k) ?? 0) + v / loads);
    for (const [k, v] of a.fnSelf) r.fns.set(k, (r.fns.get(k) ?? 0) + v / loads);
  }
}
await close();

const ms = (v) => `${v.toFixed(1).padStart(7)} ms`;
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${med(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;
for (const [key, r] of Object.entries(per)) {
  console.log(`\n== ${key}: ${pages[key]}, ${loads} fresh loads under tracing`);
  console.log(`navigation -> first result ${range(r.totals)}; main thread busy until then ${range(r.busy)}`);
  const intlMs = r.intl.map((l) => l.reduce((x, y) => x + y.ms, 0));
  console.log(`Intl objects made before the first result: ${range(r.intl.map((l) => l.length)).replace(/ ms/g, '')} per load, taking ${range(intlMs)} (${[...new Set(r.intl.flat().map((x) => x.name))].join(', ') || 'none'})`);
  console.log('Renderer main thread until the first result, mean per load, by kind (self time):');
  for (const [k, v] of [...r.kinds].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 0.5)) console.log(`  ${k.padEnd(44)} ${ms(v)}`);
  console.log(`JS functions by self time (sampling profiler, wall clock), mean per load, top ${top}:`);
  for (const [k, v] of [...r.fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(v)}  ${k}`);
  console.log(`Last load: DOMContentLoaded ${r.waterfall.dcl.toFixed(1)} ms, first result ${r.waterfall.first.toFixed(1)} ms`);
  for (const x of r.waterfall.resources) console.log(`  ${x.name.padEnd(36)} ${x.start.toFixed(1).padStart(7)} -> ${x.end.toFixed(1).padStart(7)} ms`);
}
