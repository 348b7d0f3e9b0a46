// The elements in React 19 JSX, strict: attributes, properties and events are typed.
import type {} from 'kundenwert/jsx/react';
import type { ClvSubscriptionResult } from 'kundenwert';

export function App({ onClv }: { onClv: (clv: number) => void }) {
  return (
    <>
      <clv-calculator locale="en" churn-rate="0.05" grossMargin={0.8} sync-url data-layer="kw_clv"
        onkw-change={(e) => onClv((e.detail.result as ClvSubscriptionResult).clv)} />
      <ltv-cac-calculator mode="direct" acquisitionCost={400} theme="dark" headingLevel={2} />
      <tcv-calculator currency="USD" />
      <retention-impact-calculator retentionIncrease={0.05} />
      <retention-forecast period="month" retained1={0.63} cohortSize={1000} />
      <customer-segmenter model="bg-nbd" onkw-analysis={(e) => console.log(e.detail.result.tiers)} />
    </>
  );
}
