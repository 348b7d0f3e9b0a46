// A server component: init() finds the wasm inside the server bundle (it gave HTTP 500 before).
import { clvSubscription, init } from 'kundenwert';
import { fitShiftedBetaGeometric, init as initRetention } from 'kundenwert/retention';
import Calculators from './calculators';

export const dynamic = 'force-dynamic';

export default async function Page() {
  await init();
  await initRetention();
  const { clv } = clvSubscription({ arpa: 100, grossMargin: 0.8, churnRate: 0.05 });
  const alpha = fitShiftedBetaGeometric([0.631, 0.468, 0.382, 0.326, 0.289, 0.262, 0.241]).params.alpha;
  return (
    <main>
      <p>Server: <output id="api">{clv}</output> <output id="alpha">{alpha.toFixed(3)}</output></p>
      <Calculators />
    </main>
  );
}
