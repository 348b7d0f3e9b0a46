// The analysis in a Web Worker, so that a large file never freezes the page. Messages in:
// { id, type: 'detect' | 'analyze', input, options, wasm? } and { id, type: 'cancel' }; out:
// { id, type: 'progress' | 'result' | 'error', ... }. Analyses run side by side, each with its
// own handle in the wasm; a cancel stops one at its next chunk and frees its memory, and the
// others go on. The result's per-customer columns are transferred, not copied.
import { analyze, detect, engine } from './core.js';

const init = engine.makeInit(() => fetch(new URL('../kundenwert_analysis_bg.wasm', import.meta.url)));
const cancelled = new Set();

function transferables(value, list = []) {
  if (ArrayBuffer.isView(value)) list.push(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, list);
  return list;
}

self.onmessage = async ({ data }) => {
  const { id, type, input, options, wasm } = data;
  if (type === 'cancel') {
    cancelled.add(id);
    return;
  }
  // Between chunks: let messages in (a cancel, another file's chunks), then stop if cancelled.
  const pause = () => new Promise((resolve, reject) => {
    setTimeout(() => (cancelled.has(id) ? reject(new DOMException('The analysis was cancelled', 'AbortError')) : resolve()), 0);
  });
  try {
    await init(wasm);
    let last = 0;
    const onProgress = (p) => {
      const now = performance.now();
      if (now - last >= 50 || p.loaded === p.total) {
        last = now;
        self.postMessage({ id, type: 'progress', ...p });
      }
    };
    const result = type === 'detect' ? await detect(input, options) : await analyze(input, options, { onProgress, pause });
    if (!cancelled.has(id)) self.postMessage({ id, type: 'result', result }, transferables(result));
  } catch (e) {
    if (!cancelled.has(id)) {
      self.postMessage({ id, type: 'error', error: { code: e.code ?? 'invalid_type', field: e.field ?? '', message: String(e.message ?? e) } });
    }
  } finally {
    cancelled.delete(id);
  }
};
