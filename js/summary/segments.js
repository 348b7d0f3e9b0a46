// RFM scores and segments (docs/FORMULAS.md 13) and value tiers (12) from a per-customer
// summary, by the conventions of kundenwert's own analysis and sql/*.sql (src/segment/rfm.rs,
// src/segment/tiers.rs): what <customer-segmenter> shows for a summary file that has the
// columns they need. Tiers need `total`; RFM needs `recency_days`, `purchases` and `total`
// (M scores the total spend). A grouped summary (a count column) has neither per customer.

/** The ten segments in the analysis' order, with their English names and next best actions (src/segment/rfm.rs). */
export const SEGMENTS = [
  ['champions', 'Champions', 'Reward them: early access, loyalty perks; ask for reviews and referrals.'],
  ['loyal', 'Loyal', 'Upsell higher-value products; invite them to a loyalty programme.'],
  ['potential-loyalists', 'Potential loyalists', 'Offer membership or a loyalty programme; recommend related products.'],
  ['new', 'New', 'Onboard them well: a welcome series and early support.'],
  ['promising', 'Promising', 'Build the relationship: a time-limited offer for a second purchase.'],
  ['need-attention', 'Need attention', 'Reactivate with a personalised offer before they slip.'],
  ['about-to-sleep', 'About to sleep', 'Win them back with popular products and a limited discount.'],
  ['at-risk', 'At risk', 'Send personalised win-back messages and offers; ask what went wrong.'],
  ['cant-lose-them', "Can't lose them", 'Contact them personally; win them back with your best offer.'],
  ['hibernating', 'Hibernating', 'Try a low-cost reactivation; otherwise spend little on them.'],
].map(([segment, name, action]) => ({ segment, name, action }));

/** The segment's index in SEGMENTS for an R and F score. */
export function segmentOf(r, f) {
  if (r === 5 && f >= 4) return 0;
  if ((r === 3 || r === 4) && f >= 4) return 1;
  if (r >= 4 && (f === 2 || f === 3)) return 2;
  if (r === 5) return 3;
  if (r === 4) return 4;
  if (r === 3 && f === 3) return 5;
  if (r === 3) return 6;
  if (f === 5) return 8;
  if (f === 3 || f === 4) return 7;
  return 9;
}

/**
 * Quintile scores 1-5 (5 best): 1 + ⌊5 p / n⌋, p the number of customers with a worse value,
 * so that equal values share a score. `higherIsBetter` false for recency.
 */
export function quintiles(values, higherIsBetter) {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (higherIsBetter ? values[a] - values[b] : values[b] - values[a]));
  const scores = new Uint8Array(n);
  let worse = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0 && values[order[k]] !== values[order[k - 1]]) worse = k;
    scores[order[k]] = 1 + Math.floor((5 * worse) / n);
  }
  return scores;
}

/**
 * Tiers A, B, C (0, 1, 2) by total, highest first (ties in file order): A while the value of
 * the customers before is below `a` of the positive total (the one who crosses the line is
 * in A), B below a + b, else C; a total of 0 or less is always C.
 */
export function tiersOf(total, a = 0.8, b = 0.15) {
  const n = total.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => total[y] - total[x] || x - y);
  let positive = 0;
  for (const v of total) if (v > 0) positive += v;
  const tier = new Uint8Array(n);
  let before = 0;
  for (const i of order) {
    const v = total[i];
    if (v <= 0 || positive <= 0) tier[i] = 2;
    else if (before < a * positive * (1 - 1e-12)) tier[i] = 0;
    else if (before < (a + b) * positive * (1 - 1e-12)) tier[i] = 1;
    else tier[i] = 2;
    before += v;
  }
  return tier;
}

/** What a summary supports beyond the forecast: { tiers, segments } or null for each. */
export function summarySegments(s) {
  const n = s.rows;
  let revenue = 0;
  if (s.total && !s.count) for (const v of s.total) revenue += v;
  const share = (x, of) => (of > 0 ? x / of : 0);
  let tiers = null;
  if (s.total && !s.count) {
    const tier = tiersOf(s.total);
    tiers = ['A', 'B', 'C'].map((name, t) => {
      let customers = 0;
      let value = 0;
      for (let i = 0; i < n; i++) {
        if (tier[i] === t) {
          customers++;
          value += s.total[i];
        }
      }
      return { tier: name, customers, customerShare: share(customers, n), revenue: value, revenueShare: share(value, revenue) };
    });
    tiers.tier = tier;
  }
  let segments = null;
  if (s.total && s.purchases && s.recencyDays && !s.count) {
    const r = quintiles(s.recencyDays, false);
    const f = quintiles(s.purchases, true);
    const m = quintiles(s.total, true);
    const segment = new Uint8Array(n);
    const counts = SEGMENTS.map(() => ({ customers: 0, revenue: 0 }));
    for (let i = 0; i < n; i++) {
      segment[i] = segmentOf(r[i], f[i]);
      counts[segment[i]].customers++;
      counts[segment[i]].revenue += s.total[i];
    }
    segments = SEGMENTS.map((x, k) => ({ ...x, ...counts[k], customerShare: share(counts[k].customers, n), revenueShare: share(counts[k].revenue, revenue) }));
    segments.scores = { r, f, m, segment };
  }
  return { tiers, segments, revenue };
}
