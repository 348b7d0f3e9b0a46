// Registers <customer-segmenter>: a transaction file in, segments, tiers, channels and cohorts
// out, computed in a Web Worker on the visitor's machine. Safe without a DOM and twice.
//   import 'kundenwert/segmenter';   or   <script type="module" src=".../dist/segmenter.js">
export { CustomerSegmenter } from './elements/customer-segmenter.js';
