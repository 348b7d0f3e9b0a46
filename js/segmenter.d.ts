// Types of `kundenwert/segmenter`: importing it registers <customer-segmenter> (declared with
// the other elements in elements.d.ts, HTMLElementTagNameMap included).
export { CustomerSegmenter } from './elements.js';
export type { KwAnalysisDetail } from './elements.js';
