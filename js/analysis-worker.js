// The analysis in a Web Worker, so that a large file never freezes the page. Messages in:
// { id, type: 'detect' | 'analyze', input, options, wasm? }; out: { id, type: 'progress' |
// 'result' | 'error', ... }. The result's per-customer columns are transferred, not copied.
import { analyze, detect, engine } from './analysis-core.js';

const init = engine.makeInit(() => fetch(new URL('./kundenwert_analysis_bg.wasm', import.meta.url)));

function transferables(value, list = []) {
  if (ArrayBuffer.isView(value)) list.push(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) transferables(v, list);
  return list;
}

self.onmessage = async ({ data }) => {
  const { id, type, input, options, wasm } = data;
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
    const result = type === 'detect' ? await detect(input, options) : await analyze(input, options, { onProgress });
    self.postMessage({ id, type: 'result', result }, transferables(result));
  } catch (e) {
    self.postMessage({ id, type: 'error', error: { code: e.code ?? 'invalid_type', field: e.field ?? '', message: String(e.message ?? e) } });
  }
};
