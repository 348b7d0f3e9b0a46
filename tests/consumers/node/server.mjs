// A server module as an app writes it; bundled by check.mjs the way a framework's server
// build bundles it (everything inlined, import.meta.url replaced).
import { clvSubscription, init } from 'kundenwert';
import { fitShiftedBetaGeometric, init as initRetention } from 'kundenwert/retention';
import { analyzeTransactions } from 'kundenwert/analysis';

await init();
await initRetention();
const clv = clvSubscription({ arpa: 100, grossMargin: 0.8, churnRate: 0.05 }).clv;
const alpha = fitShiftedBetaGeometric([0.631, 0.468, 0.382, 0.326, 0.289, 0.262, 0.241]).params.alpha;
const analysis = await analyzeTransactions('customer,date,amount\na,2024-01-05,10\na,2024-03-01,30\nb,2024-02-10,20\n', { observationEnd: '2024-06-30' });
console.log(JSON.stringify({ clv, alpha: Number(alpha.toFixed(3)), customers: analysis.customers.count ?? analysis.rows.used }));
