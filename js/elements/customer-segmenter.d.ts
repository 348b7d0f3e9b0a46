// Types of `kundenwert/segmenter`: importing it registers <customer-segmenter> (declared with
// the other elements in elements.d.ts, HTMLElementTagNameMap included).
export { CustomerSegmenter } from './index.js';
export type { KwAnalysisDetail } from './index.js';
