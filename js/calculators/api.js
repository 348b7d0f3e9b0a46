// The typed function API over the wasm core: one options object in, one plain object out.
// Everything exported here is public; the entries (index.js, node.js) add init().
import { core } from './core.js';
import { KundenwertError } from '../shared/error.js';

export { KundenwertError };

function wrap(name) {
  const api = (input) => {
    if (!core.isReady()) {
      throw new KundenwertError('not_initialized', '', `kundenwert: call and await init() before ${name}()`);
    }
    return core.run(name, input);
  };
  Object.defineProperty(api, 'name', { value: name });
  return api;
}

export const clvSimple = wrap('clvSimple');
export const clvPurchase = wrap('clvPurchase');
export const orderMetrics = wrap('orderMetrics');
export const clvSubscription = wrap('clvSubscription');
export const clvRetention = wrap('clvRetention');
export const cac = wrap('cac');
export const cacByChannel = wrap('cacByChannel');
export const ltvCac = wrap('ltvCac');
export const payback = wrap('payback');
export const tcv = wrap('tcv');
export const retentionImpact = wrap('retentionImpact');
export const nps = wrap('nps');
export const healthScore = wrap('healthScore');
