// Types of `kundenwert/retention-forecast`: importing it registers <retention-forecast>
// (declared with the other elements in elements.d.ts, HTMLElementTagNameMap included).
export { RetentionForecast } from './index.js';
export type { RetentionForecastResult } from './index.js';
