// The report's words in German and English: segment names and their next best action, the
// column headers of the downloads, dates in the visitor's convention. No formula lives here.

/** Segment names and next best actions in German (English comes from the core's result). */
export const SEGMENTS_DE = {
  names: {
    champions: 'Champions', loyal: 'Treue Kunden', 'potential-loyalists': 'Potenziell treu', new: 'Neue Kunden', promising: 'Vielversprechend',
    'need-attention': 'Brauchen Aufmerksamkeit', 'about-to-sleep': 'Drohen einzuschlafen', 'at-risk': 'Gefährdet',
    'cant-lose-them': 'Nicht verlieren', hibernating: 'Inaktiv',
  },
  actions: {
    champions: 'Belohnen: früher Zugang, Treuevorteile; um Bewertungen und Empfehlungen bitten.',
    loyal: 'Höherwertige Produkte anbieten; ins Treueprogramm einladen.',
    'potential-loyalists': 'Mitgliedschaft oder Treueprogramm anbieten; passende Produkte empfehlen.',
    new: 'Gut einführen: Willkommensserie und frühe Unterstützung.',
    promising: 'Beziehung aufbauen: befristetes Angebot für den zweiten Kauf.',
    'need-attention': 'Mit einem persönlichen Angebot reaktivieren, bevor sie abwandern.',
    'about-to-sleep': 'Mit beliebten Produkten und einem befristeten Rabatt zurückgewinnen.',
    'at-risk': 'Persönliche Rückgewinnungs-Nachrichten und Angebote; nachfragen, was nicht gepasst hat.',
    'cant-lose-them': 'Persönlich ansprechen; mit dem besten Angebot zurückgewinnen.',
    hibernating: 'Günstig reaktivieren versuchen; sonst wenig investieren.',
  },
};

/** A segment's name in the language ('de' or 'en'); `s` is an entry of result.segments. */
export const segmentName = (s, lang) => (lang === 'de' ? SEGMENTS_DE.names[s.segment] : null) ?? s.name;

/** A segment's next best action in the language. */
export const segmentAction = (s, lang) => (lang === 'de' ? SEGMENTS_DE.actions[s.segment] : null) ?? s.action;

/** Column headers of the per-customer table, by key; `unit` is the period unit, `months` the horizon. */
export function headers(lang, unit, months) {
  const de = { day: 'Tage', week: 'Wochen', month: 'Monate' }[unit];
  const en = { day: 'days', week: 'weeks', month: 'months' }[unit];
  return lang === 'de' ? {
    customer: 'Kunde',
    segment: 'Segment',
    action: 'Nächste beste Aktion',
    tier: 'Wertklasse',
    channel: 'Kanal',
    total: 'Umsatz',
    purchases: 'Käufe',
    frequency: 'Wiederholungskäufe (Tage)',
    firstPurchase: 'Erster Kauf',
    lastPurchase: 'Letzter Kauf',
    recencyDays: 'Tage seit dem letzten Kauf',
    recency: `Erster bis letzter Kauf (${de})`,
    T: `Kunde seit (${de})`,
    monetary: 'Ø Wert je Wiederholungskauf',
    r: 'R-Wert (1–5)',
    f: 'F-Wert (1–5)',
    m: 'M-Wert (1–5)',
    probabilityAlive: 'Wahrscheinlichkeit aktiv',
    expectedPurchases: `Erwartete Käufe (${months} Monate)`,
    expectedSpend: 'Erwarteter Wert je Kauf',
    clv: `Kundenwert Prognose (${months} Monate)`,
  } : {
    customer: 'Customer',
    segment: 'Segment',
    action: 'Next best action',
    tier: 'Value tier',
    channel: 'Channel',
    total: 'Revenue',
    purchases: 'Purchases',
    frequency: 'Repeat purchases (days)',
    firstPurchase: 'First purchase',
    lastPurchase: 'Last purchase',
    recencyDays: 'Days since the last purchase',
    recency: `First to last purchase (${en})`,
    T: `Customer for (${en})`,
    monetary: 'Average repeat purchase',
    r: 'R score (1–5)',
    f: 'F score (1–5)',
    m: 'M score (1–5)',
    probabilityAlive: 'Probability active',
    expectedPurchases: `Expected purchases (${months} months)`,
    expectedSpend: 'Expected value per purchase',
    clv: `Customer value forecast (${months} months)`,
  };
}

const dateFormats = new Map();

/** `YYYY-MM-DD` as the locale writes a date: 31.12.2024 in German, 12/31/2024 in en-US. */
export function formatDate(iso, locale) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso));
  if (!m) return String(iso);
  let f = dateFormats.get(locale);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
    } catch {
      f = new Intl.DateTimeFormat('en', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' });
    }
    dateFormats.set(locale, f);
  }
  return f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

const monthFormats = new Map();

/** `YYYY-MM` as the locale names a month: „Jan. 2024“, "Jan 2024". */
export function formatMonth(ym, locale) {
  const m = /^(\d{4})-(\d{2})$/.exec(String(ym));
  if (!m) return String(ym);
  let f = monthFormats.get(locale);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
    } catch {
      f = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'short', timeZone: 'UTC' });
    }
    monthFormats.set(locale, f);
  }
  return f.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)));
}

/** A file-name part of a name: `Gefährdet` -> `gefaehrdet`, `Can't lose them` -> `cant-lose-them`. */
export function slug(name) {
  return String(name).toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFKD').replace(/[\u0300-\u036f']/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'liste';
}
