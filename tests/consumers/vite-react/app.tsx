// React 19 sets a custom element's properties where it has them: locale, churnRate, the
// event handler. It crashed on locale (a getter without a setter) before.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'kundenwert/elements';
import type { ClvSubscriptionResult } from 'kundenwert';
import { clvSubscription, init } from 'kundenwert';
import { analyzeTransactions } from 'kundenwert/analysis';

function App() {
  const [clv, setClv] = useState<number | null>(null);
  const [churn, setChurn] = useState(0.05);
  const [api, setApi] = useState('');
  const [rows, setRows] = useState('');
  if (!api) {
    void init().then(() => setApi(String(clvSubscription({ arpa: 100, grossMargin: 0.8, churnRate: 0.05 }).clv)));
    void analyzeTransactions('customer,date,amount\na,2024-01-05,10\na,2024-03-01,30\nb,2024-02-10,20\n', { observationEnd: '2024-06-30' })
      .then((r) => setRows(`${r.rows.used} rows`));
  }
  return (
    <main>
      <clv-calculator locale="en" churnRate={churn} grossMargin={0.8} currency="EUR"
        onkw-change={(e) => setClv((e.detail.result as ClvSubscriptionResult).clv)} />
      <p>From the event: <output id="event">{clv ?? ''}</output></p>
      <button id="churn" type="button" onClick={() => setChurn(0.1)}>churn 10 %</button>
      <p>API: <output id="api">{api}</output></p>
      <p>Analysis: <output id="analysis">{rows}</output></p>
    </main>
  );
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
