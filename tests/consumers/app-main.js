// The browser apps' code (copied into each as src/main.js): the elements, the API and the
// analysis worker, as an app uses them, with no configuration for kundenwert.
import { clvSubscription, init } from 'kundenwert';
import 'kundenwert/elements';
import { analyzeTransactions } from 'kundenwert/analysis';

async function main() {
  await init();
  document.getElementById('api').textContent = String(clvSubscription({ arpa: 100, grossMargin: 0.8, churnRate: 0.05 }).clv);
  const r = await analyzeTransactions('customer,date,amount\na,2024-01-05,10\na,2024-03-01,30\nb,2024-02-10,20\n', { observationEnd: '2024-06-30' });
  document.getElementById('analysis').textContent = `${r.rows.used} rows`;
}
main().catch((e) => console.error(e));
