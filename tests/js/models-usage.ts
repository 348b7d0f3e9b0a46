// Compiled against js/models/index.d.ts in strict mode by models.test.mjs: the README's example.
import init, { fitBgNbd, fitGammaGamma, fitShiftedBetaGeometric, customerLifetimeValue, prepareCustomers, KundenwertError } from 'kundenwert/models';

export async function example(columns: { frequency: Float64Array; recency: Float64Array; T: Float64Array; monetary: Float64Array }) {
  await init();
  const purchases = fitBgNbd(columns);
  const spend = fitGammaGamma(columns);
  const alive: Float64Array = purchases.probabilityAlive(columns);
  const one: number = purchases.expectedPurchases(39, { frequency: 2, recency: 30.4, T: 38.9 });
  const clv: Float64Array = customerLifetimeValue(purchases, spend, columns, { months: 12, discountRate: 0.01, periodUnit: 'week' });
  const prepared = prepareCustomers(columns);
  const rows: number = prepared.rows + prepared.histories;
  const again: Float64Array = purchases.probabilityAlive(prepared);
  const clvPrepared: Float64Array = customerLifetimeValue(purchases, fitGammaGamma(prepared), prepared);
  const reused = new Float64Array(prepared.rows);
  const intoAgain: Float64Array = purchases.probabilityAlive(prepared, { into: reused });
  const clvInto: Float64Array = customerLifetimeValue(purchases, spend, prepared, { months: 12, into: reused });
  prepared.free();
  const r: number = purchases.params.r + (purchases.standardErrors?.alpha ?? 0);
  const retention = fitShiftedBetaGeometric([0.631, 0.468, 0.382], { cohortSize: 1000 });
  const lifetime: number | null = retention.project({ periods: 5, discountRate: 0.1 }).expectedLifetime;
  try {
    fitBgNbd([]);
  } catch (e) {
    if (e instanceof KundenwertError) console.log(e.code, e.field);
  }
  return { alive, one, clv, r, lifetime, rows, again, clvPrepared, intoAgain, clvInto };
}
