// Every entry, typed, as an app imports them.
import init, { clvSubscription, KundenwertError } from 'kundenwert';
import 'kundenwert/elements';
import { RetentionForecast } from 'kundenwert/retention-forecast';
import { CustomerSegmenter } from 'kundenwert/segmenter';
import { fitBgNbd } from 'kundenwert/models';
import { fitShiftedBetaGeometric } from 'kundenwert/retention';
import { analyzeTransactions, prepareAnalysis } from 'kundenwert/analysis';

export async function main(): Promise<number> {
  await init();
  const clv: number = clvSubscription({ arpa: 100, grossMargin: 0.8, churnRate: 0.05 }).clv;
  const el = document.createElement('clv-calculator');
  el.locale = 'de'; // a property that can be set (React 19 sets it)
  el.churnRate = 0.05;
  el.syncUrl = true;
  const level: number = el.headingLevel;
  const seg: CustomerSegmenter = document.createElement('customer-segmenter');
  seg.model = 'pareto-nbd';
  const forecast: RetentionForecast = document.createElement('retention-forecast');
  forecast.period = 'month';
  seg.addEventListener('kw-analysis', (e) => console.log(e.detail.result.segments.length));
  el.addEventListener('kw-change', (e) => console.log(e.detail.inputs));
  try { clvSubscription({ arpa: -1, churnRate: 0.05 }); } catch (e) { if (e instanceof KundenwertError) console.log(e.field); }
  void fitBgNbd; void fitShiftedBetaGeometric; void analyzeTransactions;
  const ready: Promise<void> = prepareAnalysis();
  void ready;
  return clv + level;
}
