// Compiled (not run) by types.test.mjs in strict mode: the README's usage must type-check.
import init, { clvSubscription, ltvCac, cacByChannel, nps, KundenwertError, type ClvSubscriptionResult } from 'kundenwert';

export async function example(): Promise<string> {
  await init();
  const r: ClvSubscriptionResult = clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 0.8 });
  const last: number = r.series.cumulative[r.series.cumulative.length - 1];
  const lifetime: number | null = r.expectedLifetime;
  const { ratio, band } = ltvCac({ clv: r.clv, cac: 400 });
  const best = cacByChannel([{ channel: 'SEO', spend: 6000, newCustomers: 40, clv: r.clv }]).channels[0];
  const score: number = nps([10, 9, 6]).nps;
  try {
    clvSubscription({ arpa: 100, churnRate: 0 });
  } catch (e) {
    if (e instanceof KundenwertError && e.code === 'diverges') return `${e.field}: ${e.message}`;
  }
  // @ts-expect-error: churnRate is required
  clvSubscription({ arpa: 100 });
  // @ts-expect-error: rates are numbers
  clvSubscription({ arpa: 100, churnRate: '5 %' });
  return `${last} ${lifetime} ${ratio} ${band} ${best.rank} ${score}`;
}
