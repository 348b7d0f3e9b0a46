// The report's opening in plain words: how many customers, what the A tier brings, how many
// valuable customers are probably lost, which channel pays best, each with one thing to do.
// Only words around the core's figures: nothing is computed here beyond counting and sums
// of what the result holds.
import { formatDate } from './text.js';

const sum = (values) => {
  let s = 0;
  for (const v of values) s += v;
  return s;
};

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
  let first = Infinity;
  for (const d of c.firstDay) if (d < first) first = d;
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
    const revenue = sum(Array.from(lost, (i) => c.total[i]));
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
