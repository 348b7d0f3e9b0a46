// The report's opening in plain words: how many customers, what the A tier brings, how many
// valuable customers are probably lost, which channel pays best, each with one thing to do.
// Only words around the core's figures: nothing is computed here beyond counting and sums
// of what the result holds.
import { formatDate } from './text.js';

// ---- the figures over every customer ---------------------------------------------------
//
// A few hundred thousand customers take a cold main thread a tenth of a second to add up:
// the digest does it once per result, in slices, so that the element can let the page draw
// between them (digestInSlices) and every later view reads the same figures.

const SLICE = 50_000;
const digests = new WeakMap();

/** The steps of a digest: each a slice of customers; `d` is filled in as they run. */
function* digesting(result, d) {
  const c = result.customers;
  const n = c.count;
  for (let start = 0; start < n; start += SLICE) {
    const end = Math.min(n, start + SLICE);
    for (let i = start; i < end; i++) if (c.firstDay[i] < d.first) d.first = c.firstDay[i];
    yield;
  }
  const m = result.models;
  if (!m) return;
  const lost = m.likelyLost ?? [];
  for (let i = 0; i < lost.length; i++) d.lostRevenue += c.total[lost[i]];
  const p = m.customers;
  if (!p?.probabilityAlive) return;
  const best = d.best;
  for (let start = 0; start < p.probabilityAlive.length; start += SLICE) {
    const end = Math.min(p.probabilityAlive.length, start + SLICE);
    for (let i = start; i < end; i++) {
      if (p.probabilityAlive[i] >= 0.5) d.alive++;
      d.purchases += p.expectedPurchases[i];
      const v = p.clv[i];
      d.clv += v;
      // The 10 largest forecast values, largest first; equal values in the customers' order.
      if (best.length === 10) {
        if (v <= p.clv[best[9]]) continue;
        best.pop();
      }
      let at = best.length;
      while (at > 0 && p.clv[best[at - 1]] < v) at--;
      best.splice(at, 0, i);
    }
    yield;
  }
}

const empty = () => ({ first: Infinity, lostRevenue: 0, alive: 0, purchases: 0, clv: 0, best: [] });

/**
 * The figures the report shows over every customer: the first purchase day (`first`), the
 * revenue of the customers probably lost (`lostRevenue`), and of the forecast the customers
 * probably alive (`alive`, P(alive) at least 0.5), the sums of expected purchases and of CLV
 * (`purchases`, `clv`) and the 10 largest CLVs' indices (`best`). Computed once per result.
 */
export function digest(result) {
  let d = digests.get(result);
  if (!d) {
    d = empty();
    for (const _ of digesting(result, d)); // eslint-disable-line no-unused-vars
    digests.set(result, d);
  }
  return d;
}

/** The digest computed in slices, with a pause for the page after each: for large results. */
export async function digestInSlices(result) {
  if (digests.has(result)) return digests.get(result);
  const d = empty();
  for (const _ of digesting(result, d)) await new Promise((resolve) => setTimeout(resolve, 0)); // eslint-disable-line no-unused-vars
  digests.set(result, d);
  return d;
}

const WORDS = {
  de: {
    customers: (n, revenue, from, to) => `${n} Kunden haben vom ${from} bis zum ${to} zusammen ${revenue} Umsatz gebracht.`,
    customersAction: 'Die Segmente unten zeigen, wen Sie wie ansprechen; jede Gruppe können Sie als Liste herunterladen.',
    tierA: (n, customerShare, revenueShare) => `Ihre ${n} besten Kunden (Klasse A, ${customerShare} aller Kunden) bringen ${revenueShare} des Umsatzes.`,
    tierAAction: 'Halten Sie diese Kunden: persönlich betreuen, früh informieren, Treue belohnen.',
    lost: (n, revenue) => `${n} wertvolle Kunden (Klasse A) kaufen wahrscheinlich nicht mehr bei Ihnen; sie haben bisher ${revenue} Umsatz gebracht.`,
    lostOne: (revenue) => `Ein wertvoller Kunde (Klasse A) kauft wahrscheinlich nicht mehr bei Ihnen; er hat bisher ${revenue} Umsatz gebracht.`,
    lostAction: 'Sprechen Sie sie persönlich an, bevor sie endgültig weg sind: Die Liste steht unten bei der Prognose.',
    lostNone: 'Kein wertvoller Kunde (Klasse A) ist wahrscheinlich verloren.',
    lostNoneAction: 'Bleiben Sie dran: Prüfen Sie die Auswertung nach dem nächsten Export wieder.',
    cantLose: (n) => `${n} Kunden haben früher oft und viel gekauft, aber lange nicht mehr (Segment „Nicht verlieren“).`,
    cantLoseAction: 'Sprechen Sie sie persönlich an und gewinnen Sie sie mit Ihrem besten Angebot zurück.',
    bestChannel: (channel, ratio) => `Am besten zahlt sich „${channel}“ aus: Ein Kunde aus diesem Kanal bringt das ${ratio}-Fache seiner Akquisitionskosten (LTV:CAC).`,
    bands: {
      'under-investing': 'Hier lohnt mehr Budget: Der Kanal bringt weit mehr, als er kostet.',
      healthy: 'Budget halten und vorsichtig ausbauen.',
      'below-target': 'Auch der beste Kanal liegt unter dem Ziel von 3 : 1: Kosten senken oder Wiederkäufe fördern.',
      losing: 'Selbst der beste Kanal kostet mehr, als seine Kunden bringen: Ausgaben prüfen.',
    },
    worstChannel: (channel) => ` „${channel}“ kostet mehr, als seine Kunden bringen: dort Budget kürzen.`,
    valueChannel: (channel, clv) => `Die wertvollsten Kunden kommen über „${channel}“ (bisher ${clv} Kundenwert je Kunde).`,
    valueChannelAction: 'Tragen Sie unten Ihre Ausgaben je Kanal ein: Dann sehen Sie, welcher Kanal sich lohnt.',
  },
  en: {
    customers: (n, revenue, from, to) => `${n} customers brought ${revenue} in revenue from ${from} to ${to}.`,
    customersAction: 'The segments below show whom to approach how; each group downloads as a list.',
    tierA: (n, customerShare, revenueShare) => `Your ${n} best customers (tier A, ${customerShare} of all customers) bring ${revenueShare} of the revenue.`,
    tierAAction: 'Keep them: look after them personally, tell them first, reward their loyalty.',
    lost: (n, revenue) => `${n} valuable customers (tier A) have probably stopped buying from you; they brought ${revenue} in revenue so far.`,
    lostOne: (revenue) => `One valuable customer (tier A) has probably stopped buying from you; they brought ${revenue} in revenue so far.`,
    lostAction: 'Contact them personally before they are gone for good: the list is below, with the forecast.',
    lostNone: 'No valuable customer (tier A) is probably lost.',
    lostNoneAction: 'Keep watching: run the report again on your next export.',
    cantLose: (n) => `${n} customers used to buy often and much, but not for a long time (segment “Can't lose them”).`,
    cantLoseAction: 'Contact them personally and win them back with your best offer.',
    bestChannel: (channel, ratio) => `“${channel}” pays best: a customer from this channel brings ${ratio} times their acquisition cost (LTV:CAC).`,
    bands: {
      'under-investing': 'It deserves more budget: the channel brings far more than it costs.',
      healthy: 'Keep its budget and grow it with care.',
      'below-target': 'Even the best channel is below the 3 : 1 goal: lower the cost or encourage repeat purchases.',
      losing: 'Even the best channel costs more than its customers bring: review the spend.',
    },
    worstChannel: (channel) => ` “${channel}” costs more than its customers bring: cut its budget.`,
    valueChannel: (channel, clv) => `The most valuable customers come through “${channel}” (${clv} of customer value each so far).`,
    valueChannelAction: 'Enter your spend per channel below to see which channel pays.',
  },
};

/**
 * The summary of an analysis: `[{ key, text, action }]` with key `customers`, `tier-a`,
 * `lost` and (with a channel column) `channel`. `f` is a formatter set of elements/format.js.
 */
export function summarize(result, f) {
  const lang = f.lang === 'de' ? 'de' : 'en';
  const w = WORDS[lang];
  const c = result.customers;
  const items = [];
  const figures = digest(result);
  let first = figures.first;
  if (!Number.isFinite(first)) first = 0;
  const from = formatDate(new Date(first * 86400000).toISOString().slice(0, 10), f.locale);
  items.push({ key: 'customers', text: w.customers(f.number(c.count, 0), f.money(result.revenue), from, formatDate(result.observationEnd, f.locale)), action: w.customersAction });

  const a = result.tiers.find((t) => t.tier === 'A');
  if (a && a.customers > 0) {
    items.push({ key: 'tier-a', text: w.tierA(f.number(a.customers, 0), f.percent(a.customerShare), f.percent(a.revenueShare)), action: w.tierAAction });
  }

  const m = result.models;
  if (m?.purchase && m.customers.probabilityAlive.length) {
    const lost = m.likelyLost;
    const revenue = figures.lostRevenue;
    if (lost.length === 0) items.push({ key: 'lost', text: w.lostNone, action: w.lostNoneAction });
    else items.push({ key: 'lost', text: lost.length === 1 ? w.lostOne(f.money(revenue)) : w.lost(f.number(lost.length, 0), f.money(revenue)), action: w.lostAction });
  } else {
    const s = result.segments.find((x) => x.segment === 'cant-lose-them');
    if (s && s.customers > 0) items.push({ key: 'lost', text: w.cantLose(f.number(s.customers, 0)), action: w.cantLoseAction });
  }

  const channels = result.channels.filter((x) => x.customers > 0);
  const rated = channels.filter((x) => x.ratio !== null);
  if (rated.length) {
    const best = rated.reduce((b, x) => (x.ratio > b.ratio ? x : b));
    const worst = rated.filter((x) => x !== best && x.band === 'losing').sort((x, y) => x.ratio - y.ratio)[0];
    items.push({
      key: 'channel',
      text: w.bestChannel(best.channel, f.number(best.ratio, 1)),
      action: w.bands[best.band] + (worst ? w.worstChannel(worst.channel) : ''),
    });
  } else if (channels.length) {
    const best = channels.reduce((b, x) => (x.clv > b.clv ? x : b));
    items.push({ key: 'channel', text: w.valueChannel(best.channel, f.money(best.clv)), action: w.valueChannelAction });
  }
  return items;
}
