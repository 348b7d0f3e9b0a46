// Loading a wasm core and moving values across its boundary. Not part of the public API.
//
// Values cross as tapes in wasm memory (layouts in src/wasm.rs): `call` writes the caller's
// input onto the input tape, runs the core function and turns the result tape into plain
// objects and arrays here in JS. One boundary crossing per call instead of one per field:
// several times faster, and the wasm needs no JS imports at all. One runtime per wasm module:
// the calculators' (core.js) and the analysis' (analysis-core.js).

import { compileWasm } from './compile.js';
import { KundenwertError } from './error.js';

/** A runtime for the wasm module that `initWasm` (its wasm-bindgen glue) instantiates. */

export function createRuntime(initWasm) {
  let wasm = null;
  let loading = null;
  let compiled = null; // the WebAssembly.Module, for a fresh instance after a trap
  let instances = 0; // instances started: a handle into an earlier one is gone

  /**
   * Makes `init(input?)`: loads the wasm once. `input` may be a URL or path string, a URL, a
   * Request, a Response, bytes (ArrayBuffer, typed array), a WebAssembly.Module, or a promise
   * of any of these; `fallback()` supplies it when absent. Later calls return the first
   * call's promise.
   */
  function makeInit(fallback) {
    return function init(input) {
      if (!loading) {
        loading = (async () => {
          const source = await (input ?? fallback());
          compiled = await compileWasm(source);
          wasm = await initWasm({ module_or_path: compiled });
          instances++;
        })();
        loading.catch(() => { loading = null; }); // a failed load may be retried
      }
      return loading;
    };
  }

  /** True once init() has resolved. */
  function isReady() {
    return wasm !== null;
  }

  // ---- traps --------------------------------------------------------------------------------
  //
  // The exports call no JS, so anything thrown out of one is a trap (an abort for want of
  // memory, an `unreachable`, a stack overflow): the instance's state (borrowed cells, the
  // allocator) can no longer be trusted. The call that trapped gets a KundenwertError
  // (`too_large` or `internal`) and the next call runs in a fresh instance of the same
  // compiled module.

  /** After a trap: the error for the call that trapped, and a fresh instance for the next. */
  function trapped(e) {
    let outOfMemory = false;
    try {
      outOfMemory = wasm.outOfMemory?.() === 1;
    } catch { /* the old instance is past asking */ }
    restart();
    return outOfMemory
      ? new KundenwertError('too_large', '', 'the input is too large for the memory available to kundenwert')
      : new KundenwertError('internal', '', `kundenwert stopped on an internal error (${e && e.message}); the next call starts afresh`);
  }

  /** A fresh instance of the compiled module, replacing the one that trapped. */
  function restart() {
    const imports = {};
    for (const { module, name } of WebAssembly.Module.imports(compiled)) {
      (imports[module] ??= {})[name] = name === '__wbindgen_init_externref_table'
        ? () => initExternrefs(instance.exports.__wbindgen_externrefs)
        : () => { throw new Error(`kundenwert: the wasm import ${name} is not available`); };
    }
    const instance = new WebAssembly.Instance(compiled, imports);
    instance.exports.__wbindgen_start?.();
    wasm = instance.exports;
    instances++;
    slotCap = 0; // the input tape and its keys live in the old memory
    byteCap = 0;
    keys.clear();
    keyEnd = 0;
    keysFull = false;
  }

  /**
   * What the wasm-bindgen glue (0.2.130, pinned in Cargo.toml) does on start: the fixed slots
   * of the externref table. (No kundenwert export passes JS values, so they stay unused.)
   */
  function initExternrefs(table) {
    if (!table) return;
    table.set(0, undefined);
    table.set(1024, undefined);
    table.set(1025, null);
    table.set(1026, true);
    table.set(1027, false);
  }

  /**
   * Calls the export `name` with numeric arguments; returns its (number) result. The call may
   * have grown the memory with no result to read: the views are refreshed here, so that the
   * next input tape is not written into detached ones.
   */
  function raw(name, ...args) {
    try {
      return wasm[name](...args);
    } catch (e) {
      throw trapped(e);
    } finally {
      views();
    }
  }

  let f64 = new Float64Array(0);
  let u32 = new Uint32Array(0);
  let u8 = new Uint8Array(0);

  function views() {
    if (f64.buffer !== wasm.memory.buffer) { // memory grew: the old views are detached
      f64 = new Float64Array(wasm.memory.buffer);
      u32 = new Uint32Array(wasm.memory.buffer);
      u8 = new Uint8Array(wasm.memory.buffer);
    }
  }

  // ---- input tape -------------------------------------------------------------------------

  const encoder = new TextEncoder();
  const MAX_DEPTH = 32;
  const FULL = Symbol('full');
  // The text buffer's first KEYS bytes hold the objects' keys, each written once and then
  // found by name in `keys` (a Map, so that `__proto__` and `constructor` are keys like any
  // other): a call writes a known key as its two slots, not its characters. Values' text
  // follows from KEYS on, written afresh each call. A key that no longer fits is written
  // with the values' text, and the next call starts the key cache afresh.
  const KEYS = 4096;
  const keys = new Map(); // key -> its offset × 65536 + its UTF-8 length
  let keyEnd = 0; // bytes of the key area in use
  let keysFull = false;
  let slots = 0; // first slot of the input tape, as an index into f64
  let slotCap = 0;
  let bytes = 0; // first byte of the text buffer
  let byteCap = 0;
  let n = 0; // slots written
  let b = KEYS; // text bytes written, from KEYS on

  let writing = false; // true while writeInput reads the caller's input (its getters may call us)
  let depth = 0; // calls made from the getters of an input being written (see nested)
  const MAX_TAPE = 1 << 30; // bytes: past this an input is refused before the wasm is asked

  function reserve(slotCount, byteCount) {
    if (slotCount * 8 + byteCount > MAX_TAPE) {
      throw new KundenwertError('too_large', '', 'the input is too large for the memory available to kundenwert');
    }
    const h = raw('inputBuffer', slotCount, byteCount) >>> 2;
    views();
    slots = u32[h] >>> 3;
    slotCap = u32[h + 1];
    bytes = u32[h + 2];
    byteCap = u32[h + 3];
  }

  function put(x) {
    if (n >= slotCap) throw FULL;
    f64[slots + n++] = x;
  }

  /** Writes `s` as UTF-8 at byte `at` of the text buffer, below `end`; its length, or -1 if it does not fit. */
  function encode(s, at, end) {
    const start = at;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) { // not ASCII: let the encoder write UTF-8
        const { read, written } = encoder.encodeInto(s, u8.subarray(bytes + start, bytes + end));
        return read < s.length ? -1 : written;
      }
      if (at >= end) return -1;
      u8[bytes + at++] = c;
    }
    return at - start;
  }

  function putText(s) {
    const len = encode(s, b, byteCap);
    if (len < 0) throw FULL;
    put(b);
    put(len);
    b += len;
  }

  function putKey(key) {
    let k = keys.get(key);
    if (k === undefined) {
      const len = keysFull ? -1 : encode(key, keyEnd, KEYS);
      if (len < 0) {
        keysFull = true;
        putText(key);
        return;
      }
      k = keyEnd * 65536 + len;
      keys.set(key, k);
      keyEnd += len;
    }
    put(k >>> 16);
    put(k & 0xffff);
  }

  function putValue(v, level) {
    if (level > MAX_DEPTH) {
      throw new RangeError('the input is nested too deeply (or contains itself)');
    }
    switch (typeof v) {
      case 'number': put(1); put(v); return;
      case 'undefined': put(2); return;
      case 'string': put(3); putText(v); return;
      case 'boolean': put(4); put(v ? 1 : 0); return;
      case 'function': put(5); put(1); return;
      case 'bigint': put(5); put(2); return;
      case 'symbol': put(5); put(3); return;
    }
    if (v === null) { put(2); return; }
    const list = Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
    const head = n;
    put(list ? 6 : 7);
    put(0);
    put(0);
    let count = 0;
    if (list) {
      for (let i = 0; i < v.length; i++, count++) putValue(v[i], level + 1);
    } else {
      const own = Object.keys(v);
      for (let i = 0; i < own.length; i++) {
        const key = own[i];
        const value = v[key];
        if (value === undefined) continue; // as if absent
        putKey(key);
        putValue(value, level + 1);
        count++;
      }
    }
    f64[slots + head + 1] = count;
    f64[slots + head + 2] = n - head - 3;
  }

  /** Writes `input` onto the input tape; returns its length in slots. */
  function writeInput(input) {
    if (slotCap === 0) reserve(256, KEYS + 1024);
    if (keysFull && depth === 0) { // (a call from a getter keeps the keys its caller wrote)
      keys.clear();
      keyEnd = 0;
      keysFull = false;
    }
    writing = true;
    try {
      for (;;) {
        n = 0;
        b = KEYS;
        try {
          putValue(input, 0);
          return n;
        } catch (e) {
          if (e !== FULL) throw e;
          reserve(Math.max(256, slotCap * 2), Math.max(KEYS + 1024, byteCap * 2));
        }
      }
    } finally {
      writing = false;
    }
  }

  /**
   * Runs `f`, a call made while the input tape is being written (from a getter of the input):
   * it gets the tape to itself, and the outer call's half-written tape is put back after it.
   * The key cache is shared: the inner call only adds keys to it. Should the inner call have
   * started a fresh instance (after a trap), the outer tape's keys are put back too, and the
   * cache starts afresh with the next call. Rare, so the common call pays only the `writing`
   * check.
   */
  function nested(f) {
    views();
    const saved = { n, b, slots: f64.slice(slots, slots + n), bytes: u8.slice(bytes + KEYS, bytes + b), keys: u8.slice(bytes, bytes + keyEnd), instances };
    writing = false;
    depth++;
    try {
      return f();
    } finally {
      depth--;
      if (slotCap === 0 || saved.n > slotCap || saved.b > byteCap) reserve(Math.max(256, saved.n), Math.max(KEYS + 1024, saved.b));
      views();
      f64.set(saved.slots, slots);
      u8.set(saved.bytes, bytes + KEYS);
      n = saved.n;
      b = saved.b;
      if (instances !== saved.instances) { // the keys the outer tape points to, in the new memory
        keys.clear();
        u8.set(saved.keys, bytes);
        keyEnd = saved.keys.length;
        keysFull = true; // (its keys are written as text; the next call clears the cache)
      }
      writing = true;
    }
  }

  // ---- result tape ------------------------------------------------------------------------

  const utf8 = new TextDecoder();
  // Static strings (field names and labels) by address, decoded once (`names`); in front of
  // that Map a direct-mapped cache by the address' low bits, cheaper per key of a result.
  // Two strings whose addresses share a slot take turns in it, each found in the Map.
  const names = new Map();
  const SLOTS = 1024;
  const slotAt = new Float64Array(SLOTS).fill(-1);
  const slotText = new Array(SLOTS).fill('');

  function staticText(ptr, len) {
    const slot = ptr & (SLOTS - 1);
    if (slotAt[slot] === ptr) return slotText[slot];
    let s = names.get(ptr);
    if (s === undefined) {
      s = utf8.decode(u8.subarray(ptr, ptr + len));
      names.set(ptr, s);
    }
    slotAt[slot] = ptr;
    slotText[slot] = s;
    return s;
  }

  /**
   * The result tape at `header` as `{ ok, value }`: the result object, or the error's fields.
   * With `typed`, lists of numbers become Float64Arrays (copied out in one go): for the large
   * per-customer columns of an analysis. With `typed` 'packed', lists of ASCII texts also
   * come as one text and its offsets, `{ text, offsets }` (a Uint32Array one longer than the
   * list): the analysis' worker sends the customer ids so, without a string per id. With
   * `typed` a Float64Array, a list of numbers as long as it is written into it.
   */
  function readResult(header, typed = false) {
    views();
    const h = header >>> 2;
    const start = u32[h] >>> 3;
    readEnd = start + u32[h + 1];
    readText = u32[h + 2];
    readTyped = typed;
    readKept = false;
    const root = {};
    readFields(root, start);
    // A result read by reference (op 12) is copied out now: the wasm may reuse its memory.
    if (readKept) wasm.resultFree();
    return { ok: u32[h + 3] === 0, value: root };
  }

  // The tape readFields reads: its end (a slot), its text buffer, and whether lists of
  // numbers become Float64Arrays.
  let readKept = false;
  let readEnd = 0;
  let readText = 0;
  let readTyped = false;

  /**
   * Reads fields into `top` from slot `i` until the object's close (or the tape's end);
   * returns the slot after it. Objects and lists recurse, so that each function here sees
   * one kind of container. The lists of numbers and of texts are read by functions of their
   * own: with their loops in it, V8 optimised this one far less well (reading healthScore's
   * result took 5x as long in Chromium).
   */
  function readFields(top, i) {
    const end = readEnd;
    while (i < end) {
      const op = f64[i];
      if (op === 4) return i + 1; // close
      const key = staticText(f64[i + 1], f64[i + 2]);
      i += 3;
      switch (op) {
        case 5: top[key] = f64[i]; i += 1; break;
        case 6: top[key] = null; break;
        case 7: top[key] = decode(readText + f64[i], f64[i + 1]); i += 2; break;
        case 8: top[key] = staticText(f64[i], f64[i + 1]); i += 2; break;
        case 9: i = readNumbers(top, key, i); break;
        case 10: top[key] = f64[i] !== 0; i += 1; break;
        case 11: i = readTexts(top, key, i); break;
        case 12: i = readNumbersAt(top, key, i); break;
        case 1: { const o = {}; top[key] = o; i = readFields(o, i); break; }
        case 2: { const a = []; top[key] = a; i = readItems(a, i); break; }
        default: throw new Error(`kundenwert: unreadable result (op ${op})`);
      }
    }
    return i;
  }

  /** Reads the items (objects) of a list into `list` from slot `i`; returns the slot after its close. */
  function readItems(list, i) {
    const end = readEnd;
    let count = 0;
    while (i < end) {
      if (f64[i] !== 3) return i + 1; // close
      const item = {};
      list[count++] = item;
      i = readFields(item, i + 1);
    }
    return i;
  }

  /** A list of numbers (count, then the numbers) as `top[key]`; returns the slot after it. */
  function readNumbers(top, key, i) {
    const count = f64[i];
    let values;
    if (readTyped) {
      values = typedOut(f64.subarray(i + 1, i + 1 + count));
    } else {
      values = new Array(count);
      for (let j = 0; j < count; j++) values[j] = f64[i + 1 + j];
    }
    top[key] = values;
    return i + 1 + count;
  }

  /**
   * A list of numbers that the tape points at (address, count: a large result's column, kept
   * in the wasm until the next call) as `top[key]`; returns the slot after it.
   */
  function readNumbersAt(top, key, i) {
    const at = f64[i] / 8;
    const values = f64.subarray(at, at + f64[i + 1]);
    top[key] = readTyped ? typedOut(values) : Array.from(values);
    readKept = true;
    return i + 2;
  }

  /**
   * A list of numbers as a Float64Array: a copy, or with `typed` a Float64Array (a caller's
   * `into`, as long as the list), copied into that, with no array allocated.
   */
  function typedOut(view) {
    if (readTyped instanceof Float64Array) {
      // (the caller checked the length: a value handed back in another array would go unseen)
      if (readTyped.length !== view.length) throw new Error('kundenwert: into does not fit the result');
      readTyped.set(view);
      return readTyped;
    }
    return view.slice();
  }

  /**
   * A list of texts as `top[key]`: count, ascii, offset, then the lengths; the texts lie end
   * to end in the text buffer. Returns the slot after it.
   */
  function readTexts(top, key, i) {
    const count = f64[i];
    let from = readText + f64[i + 2];
    const all = f64[i + 1] === 1 ? utf8.decode(u8.subarray(from, from + lengths(i + 3, count))) : null;
    if (all !== null && readTyped === 'packed') {
      const offsets = new Uint32Array(count + 1);
      for (let j = 0; j < count; j++) offsets[j + 1] = offsets[j] + f64[i + 3 + j];
      top[key] = { text: all, offsets };
      return i + 3 + count;
    }
    const values = new Array(count);
    let at = 0;
    for (let j = 0; j < count; j++) {
      const len = f64[i + 3 + j];
      values[j] = all !== null ? all.slice(at, at + len) : utf8.decode(u8.subarray(from, from + len));
      at += len;
      from += len;
    }
    top[key] = values;
    return i + 3 + count;
  }

  /**
   * The UTF-8 text of `len` bytes at `from`. Short ASCII text (a channel's name, an error's
   * message) is made by String.fromCharCode from an array of its char codes: measured in
   * Chromium, 60 ns for 7 characters and 80 ns for 16, against 125 and 300 ns joining them
   * one by one, and TextDecoder's 320-940 ns.
   */
  function decode(from, len) {
    if (len <= 64) {
      const codes = charCodes[len];
      for (let j = 0; j < len; j++) {
        const c = u8[from + j];
        if (c >= 0x80) return utf8.decode(u8.subarray(from, from + len));
        codes[j] = c;
      }
      return String.fromCharCode.apply(null, codes);
    }
    return utf8.decode(u8.subarray(from, from + len));
  }

  const charCodes = Array.from({ length: 65 }, (_, len) => new Array(len).fill(0)); // one per length, reused

  function lengths(from, count) {
    let sum = 0;
    for (let j = 0; j < count; j++) sum += f64[from + j];
    return sum;
  }

  /**
   * Runs the core function `name` on `input` (more numeric arguments may follow the input
   * tape's length): `{ ok: true, value }` with the result, or `{ ok: false, value: { code,
   * field, message } }`. `write()`, when given, runs after the input is on the tape and just
   * before the call (to copy bytes or columns that the call reads: nothing of the caller's
   * runs in between). Reading the input may throw (a getter that throws, a cyclic object);
   * the caller turns that into an error. A trap throws a KundenwertError.
   */
  function call(name, input, options) {
    if (writing) return nested(() => call(name, input, options));
    const len = writeInput(input);
    if (options === undefined) return readResult(invoke(name, len), false);
    options.write?.();
    return readResult(invoke(name, len, options.args), options.typed);
  }

  /** The export `name` on the input tape's length (and more arguments); a trap throws. */
  function invoke(name, len, args) {
    try {
      return args === undefined ? wasm[name](len) : wasm[name](len, ...args);
    } catch (e) {
      throw trapped(e);
    }
  }

  /**
   * `call`, returning the result's value, with an error result thrown as a KundenwertError
   * (and an input that cannot be read, too).
   */
  function run(name, input, options) {
    let result;
    try {
      result = call(name, input, options);
    } catch (e) {
      if (e instanceof KundenwertError) throw e;
      throw new KundenwertError('invalid_type', '', `the input could not be read: ${e && e.message}`);
    }
    if (!result.ok) throw new KundenwertError(result.value.code, result.value.field, result.value.message);
    return result.value;
  }

  /** Runs `name` with plain numeric arguments and reads its result tape. */
  function callRaw(name, args = [], typed = false) {
    return readResult(raw(name, ...args), typed);
  }

  /** Copies `bytes` (a Uint8Array) into the module's byte buffer; returns their length. */
  function writeBytes(bytes) {
    const ptr = raw('bytesBuffer', bytes.length);
    views();
    u8.set(bytes, ptr);
    return bytes.length;
  }

  /**
   * Copies equally long columns of numbers (arrays or typed arrays) one after another into
   * the module's column buffer (analysis module only).
   */
  function writeColumns(columns) {
    const n = columns.length ? columns[0].length : 0;
    let at = raw('columnsBuffer', n * columns.length) >>> 3;
    views();
    for (const c of columns) {
      f64.set(c, at);
      at += n;
    }
  }

  /** How many instances have run: a handle from an earlier one is gone after a trap. */
  function instance() {
    return instances;
  }

  return { makeInit, isReady, call, run, callRaw, raw, writeBytes, writeColumns, instance, exports: () => wasm };
}
