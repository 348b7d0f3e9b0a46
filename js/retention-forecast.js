// Registers <retention-forecast>: a cohort's retention in, the shifted-beta-geometric model
// fitted to it, and out the projected retention curve, expected lifetime and CLV. It computes
// with its own small wasm (kundenwert_retention_bg.wasm, loaded from beside this module), so
// it is its own script and not part of embed.js or kundenwert/elements. Safe without a DOM and twice.
//   import 'kundenwert/retention-forecast';   or   <script type="module" src=".../dist/retention-forecast.js">
export { RetentionForecast } from './elements/retention-forecast.js';
