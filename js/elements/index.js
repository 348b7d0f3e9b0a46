// Registers the kundenwert calculator elements: <clv-calculator>, <ltv-cac-calculator>, <nps-calculator>,
// <tcv-calculator>, <retention-impact-calculator>. Safe to import twice and without a DOM
// (server rendering): it then defines nothing.
//   import 'kundenwert/elements';
export { ClvCalculator } from './clv-calculator.js';
export { LtvCacCalculator } from './ltv-cac-calculator.js';
export { TcvCalculator } from './tcv-calculator.js';
export { RetentionImpactCalculator } from './retention-impact-calculator.js';
export { NpsCalculator } from './nps-calculator.js';
