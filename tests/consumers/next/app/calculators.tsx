'use client';
// A client component with the elements: registered in the browser, typed in JSX. The event
// through a ref: React 19 does not attach onkw-change to a server-rendered custom element when
// it hydrates (react/react#35446), only after a later render.
import { useEffect, useRef, useState } from 'react';
import type {} from 'kundenwert/jsx/react';
import type { ClvCalculator } from 'kundenwert/elements';
import type { ClvSubscriptionResult, } from 'kundenwert';

export default function Calculators() {
  const [clv, setClv] = useState<number | null>(null);
  const ref = useRef<ClvCalculator>(null);
  useEffect(() => {
    const el = ref.current;
    const listener = (e: HTMLElementEventMap['kw-change']) => setClv((e.detail.result as ClvSubscriptionResult).clv);
    el?.addEventListener('kw-change', listener);
    void import('kundenwert/elements');
    return () => el?.removeEventListener('kw-change', listener);
  }, []);
  return (
    <section>
      <clv-calculator ref={ref} locale="en" churn-rate="0.05" />
      <p>From the event: <output id="event">{clv ?? ''}</output></p>
    </section>
  );
}
