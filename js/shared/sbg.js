// Subscription retention (shifted-beta-geometric) over a wasm runtime that has sbgFit and
// sbgProject: the analysis wasm (kundenwert/models) or the small retention wasm
// (kundenwert/retention). Not an entry of its own.
import { KundenwertError } from './error.js';

/** What a fit found, as the models return it; all null on a model made from parameters. */
export const NO_FIT = { logLikelihood: null, standardErrors: null, observations: null, iterations: null };

export function fitted(value) {
  return { logLikelihood: value.logLikelihood, standardErrors: value.standardErrors, observations: value.observations, iterations: value.iterations };
}

/** A `ready(name)` check that throws not_initialized before `init()` resolved. */
export function readiness(engine, entry) {
  return (name) => {
    if (!engine.isReady()) throw new KundenwertError('not_initialized', '', `${entry}: call and await init() before ${name}()`);
  };
}

/** `{ shiftedBetaGeometric, fitShiftedBetaGeometric }` over `engine`. */
export function retentionModels(engine, entry) {
  const ready = readiness(engine, entry);

  /** An sBG model from parameters `{ alpha, beta }`. */
  function shiftedBetaGeometric(params, fit = NO_FIT) {
    return {
      model: 'sbg',
      params: { ...params },
      ...fit,
      /** Survival and retention by period, expected lifetime and CLV. */
      project(options = {}) {
        ready('project');
        return engine.run('sbgProject', { ...params, ...options }, { typed: true });
      },
    };
  }

  /**
   * sBG fitted on a cohort's survival: the number (or share) of the cohort still subscribed
   * at the end of period 1, 2, ..., n. Options: `cohortSize`, `unit` (`count`, `share`, `percent`).
   */
  function fitShiftedBetaGeometric(survival, options = {}) {
    ready('fitShiftedBetaGeometric');
    const v = engine.run('sbgFit', { survival, ...options }, { typed: true });
    return shiftedBetaGeometric(v.params, fitted(v));
  }

  return { shiftedBetaGeometric: (params) => shiftedBetaGeometric(params), fitShiftedBetaGeometric };
}
