// Registers the kundenwert calculator elements: <clv-calculator>, <ltv-cac-calculator>, <nps-calculator>,
// <tcv-calculator>, <retention-impact-calculator>. Safe to import twice and without a DOM
// (server rendering): it then defines nothing.
//   import 'kundenwert/elements';
export { ClvCalculator } from './elements/clv-calculator.js';
export { LtvCacCalculator } from './elements/ltv-cac-calculator.js';
export { TcvCalculator } from './elements/tcv-calculator.js';
export { RetentionImpactCalculator } from './elements/retention-impact-calculator.js';
export { NpsCalculator } from './elements/nps-calculator.js';
