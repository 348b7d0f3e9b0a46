// The analysis engine: streams a transaction file into the analysis wasm in chunks, with
// progress, and reads the result. It runs inside the Web Worker in browsers
// (analysis-worker.js) and in-process in Node (analysis-node.js). Not part of the public API.
import { engine } from './engine.js';
import { KundenwertError } from '../shared/error.js';

export { engine };

// The format is detected from the first bytes: at least 64 KB and at least 50 whole lines
// (a long header line must not cut the sample short), at most 16 MB.
const SAMPLE = 64 * 1024;
const SAMPLE_LINES = 50;
const SAMPLE_MAX = 16 * 1024 * 1024;
const CHUNK = 1024 * 1024; // bytes handed to the wasm at a time
const SUMMARY_BATCH = 20_000; // customers summarised per call
const PART_BATCH = 20_000; // customers of a part written, or merged, per call

/**
 * The bytes of `input` as an async iterable of Uint8Array chunks, and its size when known.
 * `input`: a string, a Blob or File, an ArrayBuffer or typed array, a ReadableStream of
 * bytes, or an (async) iterable of such chunks (Node streams).
 */
export function source(input) {
  if (typeof input === 'string') input = new TextEncoder().encode(input);
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (ArrayBuffer.isView(input)) {
    const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    return {
      size: bytes.length,
      async *chunks() {
        for (let i = 0; i < bytes.length; i += CHUNK) yield bytes.subarray(i, i + CHUNK);
      },
    };
  }
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    return {
      size: input.size,
      async *chunks() {
        // Slices of a known size, read one after another: steady progress, bounded memory.
        for (let i = 0; i < input.size; i += CHUNK) yield new Uint8Array(await input.slice(i, i + CHUNK).arrayBuffer());
      },
    };
  }
  if (input && typeof input.getReader === 'function') {
    return {
      size: null,
      async *chunks() {
        const reader = input.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield toBytes(value);
        }
      },
    };
  }
  if (input && (typeof input[Symbol.asyncIterator] === 'function' || typeof input[Symbol.iterator] === 'function')) {
    return {
      size: null,
      async *chunks() {
        for await (const value of input) yield toBytes(value);
      },
    };
  }
  throw new KundenwertError('invalid_type', '', 'the transactions must be text, a File or Blob, bytes or a stream of bytes');
}

/** Bytes `from` to `to` of a Blob or bytes input (the file's parts, when read in two). */
export function cut(input, from, to) {
  if (typeof Blob !== 'undefined' && input instanceof Blob) return input.slice(from, to);
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength).subarray(from, to);
  throw new KundenwertError('invalid_type', '', 'only a File, Blob or bytes can be read in parts');
}

function toBytes(value) {
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new KundenwertError('invalid_type', '', 'a stream of the transactions gave something other than bytes');
}

function unwrap(result) {
  if (!result.ok) throw new KundenwertError(result.value.code, result.value.field, result.value.message);
  return result.value;
}

function callOptions(name, options, args, write) {
  try {
    return engine.call(name, options ?? {}, { args, write });
  } catch (e) {
    if (e instanceof KundenwertError) throw e;
    throw new KundenwertError('invalid_type', '', `the options could not be read: ${e && e.message}`);
  }
}

/** Line ends in `bytes` (\n, or \r not followed by \n), counted up to `max`. */
function lineEnds(bytes, max) {
  let count = 0;
  for (let i = 0; i < bytes.length && count < max; i++) {
    const c = bytes[i];
    if (c === 10 || (c === 13 && bytes[i + 1] !== 10)) count++;
  }
  return count;
}

/**
 * The first bytes of a source to detect the format from (see SAMPLE), the chunks read so far
 * and an iterator that continues after them.
 */
async function head(src) {
  const it = src.chunks()[Symbol.asyncIterator]();
  const parts = [];
  let size = 0;
  let lines = 0;
  while (size < SAMPLE_MAX && (size < SAMPLE || lines < SAMPLE_LINES)) {
    const { done, value } = await it.next();
    if (done) break;
    parts.push(value);
    size += value.length;
    lines += lineEnds(value, SAMPLE_LINES - lines);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  // At least 64 KB; beyond that, up to the end of the 50th line (or the cap).
  let end = Math.min(size, SAMPLE);
  for (let i = 0, seen = 0; end < SAMPLE_MAX && i < size; i++) {
    const c = all[i];
    if (c === 10 || (c === 13 && all[i + 1] !== 10)) seen++;
    if (seen === SAMPLE_LINES || i + 1 === size) {
      end = Math.max(end, i + 1);
      break;
    }
  }
  return { sample: all.subarray(0, Math.min(end, SAMPLE_MAX)), parts, it };
}

/**
 * Hands `chunk` to the analysis `handle`, CHUNK bytes a call; false, with the rest left,
 * once `gone()` says the analysis is gone (the wasm restarted after a trap elsewhere).
 */
function pushBytes(handle, chunk, gone) {
  for (let i = 0; i < chunk.length; i += CHUNK) {
    if (gone()) return false;
    const piece = chunk.subarray(i, i + CHUNK);
    engine.writeBytes(piece);
    engine.raw('analysisPush', handle, piece.length);
  }
  return true;
}

const unmerged = () => new KundenwertError('internal', '', 'the second part of the file could not be merged; please start the analysis again');

/**
 * Reads `input` from byte `at` (just after a line end) to its end, as the part after `at` of
 * an analysis with `split` (the format detected from the same first bytes): the part's state
 * as an ArrayBuffer, or null when the file cannot be read in parts (UTF-16).
 */
export async function analyzePart(input, at, options, { onProgress } = {}) {
  // The sample of the whole file, as the first part's analysis takes it: the same format.
  const { sample, it } = await head(source(input));
  it.return?.()?.catch?.(() => {});
  const { handle } = unwrap(callOptions('analysisStart', options, [sample.length, true], () => engine.writeBytes(sample)));
  if (!handle) return null;
  const instance = engine.instance();
  let ended = false;
  try {
    const rest = source(cut(input, at));
    let loaded = 0;
    const gone = () => engine.instance() !== instance;
    for await (const chunk of rest.chunks()) {
      if (!pushBytes(handle, chunk, gone)) return null;
      loaded += chunk.length;
      onProgress?.({ phase: 'reading', loaded, total: rest.size });
    }
    // Its customers written a batch at a time, with a report after each (the first worker
    // merges them the same way): progress keeps coming on a large file.
    for (;;) {
      if (gone()) return null;
      const step = unwrap(engine.callRaw('analysisPartWrite', [handle, PART_BATCH]));
      onProgress?.({ phase: 'merging', customers: step.customers, customersTotal: step.total });
      if (step.done) break;
    }
    ended = true; // analysisPart frees the handle
    const len = engine.raw('analysisPart', handle, 0) >>> 0;
    if (len === 0xffffffff) return null;
    const ptr = engine.raw('bytesBuffer', 0) >>> 0;
    return engine.exports().memory.buffer.slice(ptr, ptr + len);
  } finally {
    if (!ended && engine.instance() === instance) engine.raw('analysisDrop', handle);
  }
}

/** The detected format of the input (from its first lines), options overriding. */
export async function detect(input, options) {
  const { sample } = await head(source(input));
  return unwrap(callOptions('analysisDetect', options, [sample.length], () => engine.writeBytes(sample)));
}

/**
 * Analyses the input. `onProgress({ phase: 'reading', loaded, total })` is called after each chunk (total is
 * null for a stream of unknown size), then `onProgress({ phase: 'summarizing', ... })` after
 * each batch of customers, then `onProgress({ phase: 'finishing' (or 'models'), step, steps })`
 * before and after each step of the rest (the model fit and forecast are one step: seconds
 * on a large file); `pause()` is awaited between chunks, batches and steps (it may throw to
 * stop the analysis: an abort). With `packIds`, the customer ids come as
 * `{ text, offsets }` when they are ASCII (the worker sends them so). Each analysis has its
 * own handle in the wasm, so any number may run at once; the handle is freed however the
 * analysis ends.
 */
export async function analyze(input, options, { onProgress, pause, split, packIds } = {}) {
  // With `split` ({ at, part }), the bytes up to `at` (just after a line end) are read here and
  // `part()` gives the state of the rest (analyzePart, in another worker), merged when the
  // bytes up to `at` end between records; else (a quoted field goes on across `at`, or there
  // is no part) the rest is read here too. Either way the result is the file's, read whole.
  const whole = source(input);
  const { sample, parts, it } = await head(whole);
  let limit = split ? split.at : Infinity;
  const { handle } = unwrap(callOptions('analysisStart', options, [sample.length], () => engine.writeBytes(sample)));
  const instance = engine.instance();
  // A trap in another call restarts the wasm: this analysis is gone with the old instance.
  const alive = () => {
    if (engine.instance() !== instance) {
      throw new KundenwertError('internal', '', 'the analysis was interrupted by an internal error elsewhere; please start it again');
    }
  };
  let finished = false;
  try {
    let loaded = 0;
    const push = (chunk) => {
      if (loaded + chunk.length > limit) chunk = chunk.subarray(0, Math.max(0, limit - loaded));
      pushBytes(handle, chunk, () => (alive(), false)); // (alive() throws when gone)
      loaded += chunk.length;
      onProgress?.({ phase: 'reading', loaded, total: whole.size });
    };
    for (const part of parts) push(part);
    for (;;) {
      if (pause) await pause();
      if (loaded >= limit) break;
      const { done, value } = await it.next();
      if (done) break;
      push(value);
    }
    if (split) {
      const part = await split.part();
      alive();
      let merged = 0;
      if (part) {
        engine.writeBytes(new Uint8Array(part));
        merged = engine.raw('analysisPart', handle, part.byteLength) >>> 0;
        if (merged > 1) throw unmerged();
      }
      if (merged === 1) {
        loaded = whole.size; // (read by the two workers)
        // The part's customers, a batch at a time with a report after each.
        for (;;) {
          alive();
          const result = engine.callRaw('analysisMerge', [handle, PART_BATCH]);
          if (!result.ok) throw unmerged();
          const step = result.value;
          onProgress?.({ loaded, total: whole.size, phase: 'merging', customers: step.customers, customersTotal: step.total });
          if (step.done) break;
          if (pause) await pause();
        }
      } else {
        limit = Infinity;
        for await (const value of source(cut(input, split.at)).chunks()) {
          if (pause) await pause();
          push(value);
        }
      }
    }
    // The work after the file, in batches of customers with a report after each: progress
    // keeps coming (and later batches run in the engine's optimised tier).
    for (;;) {
      alive();
      const step = unwrap(engine.callRaw('analysisSummarize', [handle, SUMMARY_BATCH]));
      onProgress?.({ loaded, total: whole.size, phase: 'summarizing', customers: step.customers, customersTotal: step.total });
      if (step.done) break;
      if (pause) await pause();
    }
    // Then the sorts over all customers (R, F, M quintiles, value tiers) and the models, a
    // step a call, and the result as the last step: `step` of `steps` done.
    const phase = options?.models ? 'models' : 'finishing';
    onProgress?.({ loaded, total: whole.size, phase });
    let steps = 0;
    for (let done = false; !done;) {
      if (pause) await pause();
      alive();
      const step = unwrap(engine.callRaw('analysisScore', [handle]));
      steps = step.total + 1;
      onProgress?.({ loaded, total: whole.size, phase, step: step.customers, steps });
      done = step.done;
    }
    if (pause) await pause();
    alive();
    finished = true; // finish frees the handle, whatever its result
    const result = unwrap(engine.callRaw('analysisFinish', [handle], packIds ? 'packed' : true));
    onProgress?.({ loaded, total: whole.size, phase, step: steps, steps });
    if (packIds) {
      unpackTexts(result.format, 'columns');
      unpackTexts(result, 'channelNames');
    }
    return result;
  } finally {
    if (!finished && engine.instance() === instance) engine.raw('analysisDrop', handle);
    it.return?.()?.catch?.(() => {});
  }
}

/** A list of texts read packed (`{ text, offsets }`) made an array again, in place at `owner[key]`. */
function unpackTexts(owner, key) {
  const packed = owner?.[key];
  if (!packed || Array.isArray(packed)) return;
  const { text, offsets } = packed;
  const list = new Array(offsets.length - 1);
  for (let i = 0; i < list.length; i++) list[i] = text.slice(offsets[i], offsets[i + 1]);
  owner[key] = list;
}
