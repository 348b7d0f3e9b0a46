// The analysis in a Web Worker, so that a large file never freezes the page. One worker per
// analysis (analysis.js starts it and terminates it when the call settles or is aborted).
// Message in: { type: 'detect' | 'analyze' | 'read-part', input, options, wasm?, share?, split?, at? }
// or { type: 'prepare', wasm } (prepareAnalysis: instantiate, then run the engine on a
// made-up file for a while); out: { type: 'prepared' } for the latter,
// { type: 'module', module } (the compiled wasm, when `share` asks for it),
// { type: 'progress', phase, ... }, then { type: 'result' | 'error', ... }. The result's
// per-customer columns are transferred, not copied; its ids come packed (see below).
import { compileWasm } from '../shared/compile.js';
import { analyze, analyzePart, detect, engine } from './core.js';

const url = new URL('../kundenwert_analysis_bg.wasm', import.meta.url);
// The warm-up: small analyses one after another rather than one large one (code that runs in
// one long call keeps its baseline code to the call's end), for WARM_MS: the engine optimises
// the hot functions in the background meanwhile. In Chromium 156 the passes of 30,000 rows
// took 75-93 ms the first, and 9-14 ms from about the 7th on.
const WARM_ROWS = 30_000; // about 0.7 MB
const WARM_PASSES = 12;
const WARM_MS = 300;

function transferables(value, list = []) {
  if (ArrayBuffer.isView(value)) list.push(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, list);
  return list;
}

// With `split` (an analysis read in two workers): the bytes after `split` come as the other
// worker's part, asked for with { type: 'need-part' } and answered with { type: 'part', part }.
let partArrived = null;

// Messages are handled one after another (an analysis sent while the worker prepares waits
// for the preparation, which stops its made-up file early), except the part, which the
// analysis under way waits for.
let queue = Promise.resolve();
let wanted = false;

self.onmessage = ({ data }) => {
  if (data.type === 'part') return partArrived?.(data.part);
  if (data.type !== 'prepare') wanted = true;
  queue = queue.then(() => (data.type === 'prepare' ? prepare(data) : handle(data)));
};

const stopped = new Error('stopped');

/** The made-up file of the warm-up: `rows` purchases of 5,000 customers over two years. */
function madeUp(rows) {
  const lines = ['customer_id,date,amount'];
  let seed = 1;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2023, 0, 1) + Math.floor((i / rows) * 730) * 86400000).toISOString().slice(0, 10);
    lines.push(`C${Math.floor(next() * 5000)},${day},${(5 + next() * 200).toFixed(2)}`);
  }
  return lines.join('\n');
}

async function prepare({ wasm }) {
  try {
    await engine.makeInit(() => wasm)(wasm);
    if (!wanted) {
      // Stops at the next chunk or batch once an analysis is waiting.
      const text = madeUp(WARM_ROWS);
      const start = performance.now();
      for (let i = 0; i < WARM_PASSES && !wanted && performance.now() - start < WARM_MS; i++) {
        await analyze(text, {}, { pause: async () => { if (wanted) throw stopped; } });
      }
    }
  } catch {
    // (stopped, or a failure the analysis itself will report)
  }
  self.postMessage({ type: 'prepared' });
}

async function handle(data) {
  const { type, input, options, wasm, share, split } = data;
  try {
    let source = wasm;
    if (source === undefined || source === null) {
      source = await compileWasm(url);
      if (share) self.postMessage({ type: 'module', module: source }); // for the next analyses
    }
    await engine.makeInit(() => source)(source);
    let last = 0;
    let phase = 'reading';
    const onProgress = (p) => {
      const now = performance.now();
      const next = p.phase ?? 'reading';
      if (now - last >= 50 || p.loaded === p.total || next !== phase || p.step !== undefined) {
        last = now;
        phase = next;
        self.postMessage({ type: 'progress', ...p, phase });
      }
    };
    if (type === 'read-part') {
      // The second worker: the bytes from `at` on, read into a part for the first.
      const part = await analyzePart(input, data.at, options, { onProgress });
      self.postMessage({ type: 'part-done', part }, part ? [part] : []);
      return;
    }
    const part = () =>
      new Promise((resolve) => {
        partArrived = resolve;
        self.postMessage({ type: 'need-part' });
      });
    const result =
      type === 'detect'
        ? await detect(input, options)
        : await analyze(input, options, { onProgress, packIds: true, split: split ? { at: split, part } : undefined });
    // The customer ids travel as one text and its offsets (as read, when they are ASCII): a
    // few hundred thousand strings would take the page's thread a quarter of a second to take
    // in at once (analysis.js cuts them out again in slices, between frames).
    const ids = result.customers?.id;
    if (Array.isArray(ids)) {
      const offsets = new Uint32Array(ids.length + 1);
      for (let i = 0; i < ids.length; i++) offsets[i + 1] = offsets[i] + ids[i].length;
      result.customers.id = { text: ids.join(''), offsets };
    }
    self.postMessage({ type: 'result', result }, transferables(result));
  } catch (e) {
    self.postMessage({ type: 'error', error: { code: e.code ?? 'invalid_type', field: e.field ?? '', message: String(e.message ?? e) } });
  }
}
