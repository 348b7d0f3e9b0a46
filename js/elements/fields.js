// The input fields the calculators share: their labels in German and English, how they are
// shown (money, percent, count ...) and how an out-of-range value is explained. The API field
// name is the key; the attribute is its kebab-case form (churnRate -> churn-rate).

/**
 * kind: money (currency units) | percent (a fraction in the API, 0-100 in the field) |
 * count (whole number) | number | months. `slider`: [min, max, step] in field units.
 * `range`: what out_of_range means for this field.
 */
// The out-of-range messages several fields share.
const PERCENT = { de: 'Bitte einen Wert von 0 bis 100 % eingeben.', en: 'Please enter a value from 0 to 100%.' };
const COUNT = { de: 'Bitte eine Anzahl ab 0 eingeben.', en: 'Please enter a count of 0 or more.' };

export const FIELDS = {
  arpa: {
    kind: 'money',
    label: { de: 'Umsatz pro Kunde und Monat', en: 'Monthly revenue per customer' },
  },
  grossMargin: {
    kind: 'percent',
    slider: [0, 100, 1],
    label: { de: 'Bruttomarge', en: 'Gross margin' },
    range: PERCENT
  },
  churnRate: {
    kind: 'percent',
    slider: [0, 30, 0.5],
    label: { de: 'Kündigungsrate pro Monat', en: 'Monthly churn' },
    range: PERCENT
  },
  expansionRate: {
    kind: 'percent',
    signed: true,
    advanced: true,
    label: { de: 'Mehrumsatz pro Monat (netto)', en: 'Net expansion per month' },
    hint: { de: 'Upgrades und Zusatzkäufe abzüglich Herabstufungen', en: 'Upgrades and add-ons minus downgrades' },
    range: { de: 'Bitte einen Wert von −100 bis 100 % eingeben.', en: 'Please enter a value from −100 to 100%.' },
  },
  discountRate: {
    kind: 'percent',
    advanced: true,
    label: { de: 'Abzinsung pro Monat', en: 'Monthly discount rate' },
    hint: { de: 'Ihre Kapitalkosten: Geld von später ist heute weniger wert', en: 'Your cost of capital: money later is worth less today' },
    range: PERCENT
  },
  horizon: {
    kind: 'months',
    optional: true,
    advanced: true,
    label: { de: 'Zeitraum', en: 'Horizon' },
    unit: { de: 'Monate', en: 'months' },
    hint: { de: 'Leer lassen: ohne zeitliche Grenze', en: 'Leave empty for no limit' },
    range: { de: 'Bitte 1 bis 1.200 Monate eingeben oder das Feld leeren.', en: 'Please enter 1 to 1,200 months or leave the field empty.' },
  },
  averageOrderValue: {
    kind: 'money',
    label: { de: 'Durchschnittlicher Bestellwert', en: 'Average order value' },
  },
  purchasesPerYear: {
    kind: 'number',
    label: { de: 'Bestellungen pro Kunde und Jahr', en: 'Orders per customer per year' },
  },
  retentionYears: {
    kind: 'number',
    label: { de: 'Dauer der Kundenbeziehung', en: 'Customer lifetime' },
    unit: { de: 'Jahre', en: 'years' },
  },
  acquisitionCost: {
    kind: 'money',
    label: { de: 'Kosten pro Neukunde (CAC)', en: 'Cost to acquire a customer (CAC)' },
  },
  revenuePerPeriod: {
    kind: 'money',
    label: { de: 'Umsatz pro Kunde und Monat', en: 'Monthly revenue per customer' },
  },
  periods: {
    kind: 'number',
    label: { de: 'Dauer der Kundenbeziehung', en: 'Customer lifetime' },
    unit: { de: 'Monate', en: 'months' },
  },
  spend: {
    kind: 'money',
    label: { de: 'Ausgaben für Vertrieb und Marketing', en: 'Sales and marketing spend' },
  },
  newCustomers: {
    kind: 'count',
    label: { de: 'Neukunden im selben Zeitraum', en: 'New customers in that period' },
    range: { de: 'Bitte mindestens 1 Neukunden eingeben.', en: 'Please enter at least 1 new customer.' },
  },
  referralsPerCustomer: {
    kind: 'number',
    label: { de: 'Empfehlungen pro Kunde', en: 'Referrals per customer' },
  },
  valuePerReferral: {
    kind: 'money',
    label: { de: 'Wert eines empfohlenen Kunden', en: 'Value of a referred customer' },
  },
  onboardingCost: {
    kind: 'money',
    advanced: true,
    label: { de: 'Onboarding pro Kunde', en: 'Onboarding per customer' },
  },
  serviceCost: {
    kind: 'money',
    advanced: true,
    label: { de: 'Service und Support pro Monat', en: 'Service and support per month' },
  },
  accountManagementCost: {
    kind: 'money',
    advanced: true,
    label: { de: 'Kundenbetreuung pro Monat', en: 'Account management per month' },
  },
  retentionCost: {
    kind: 'money',
    advanced: true,
    label: { de: 'Bindungsprogramme pro Monat', en: 'Retention programmes per month' },
  },
  dunningCost: {
    kind: 'money',
    advanced: true,
    label: { de: 'Mahnwesen und Ausfälle pro Monat', en: 'Dunning and failed payments per month' },
  },
  upgradeCost: {
    kind: 'money',
    advanced: true,
    label: { de: 'Upgrades und Migration pro Monat', en: 'Upgrades and migration per month' },
  },
  retentionIncrease: {
    kind: 'percent',
    slider: [0, 20, 0.5],
    label: { de: 'Mehr Kundenbindung pro Jahr', en: 'Rise in annual retention' },
    hint: { de: 'In Prozentpunkten: von 80 % auf 85 % sind 5', en: 'In percentage points: from 80% to 85% is 5' },
    unit: { de: '%-Punkte', en: '% points' },
    range: {
      de: 'Die jährliche Kundenbindung muss unter 100 % bleiben: Bitte weniger Prozentpunkte eingeben.',
      en: 'Annual retention must stay below 100%: please enter fewer points.',
    },
  },
  // <nps-calculator>: the answers to "How likely are you to recommend us?" (0-10), by group.
  promoters: {
    kind: 'count',
    label: { de: 'Promotoren (9–10 Punkte)', en: 'Promoters (9–10)' },
    range: COUNT
  },
  passives: {
    kind: 'count',
    label: { de: 'Passive (7–8 Punkte)', en: 'Passives (7–8)' },
    range: COUNT
  },
  detractors: {
    kind: 'count',
    label: { de: 'Kritiker (0–6 Punkte)', en: 'Detractors (0–6)' },
    range: COUNT
  },
  // <retention-forecast> (the element words the labels by its period: year or month).
  margin: {
    kind: 'money',
    label: { de: 'Marge pro Abonnent und Periode', en: 'Margin per subscriber per period' },
  },
  cohortSize: {
    kind: 'count',
    optional: true,
    label: { de: 'Größe der Kohorte (optional)', en: 'Cohort size (optional)' },
    range: { de: 'Bitte mindestens 1 eingeben oder das Feld leeren.', en: 'Please enter at least 1 or leave it empty.' },
  },
};

// <retention-forecast>: the share of a cohort still subscribed after period 1, 2, ..., 12
// (retained1 ... retained12; the element shows the first few).
for (let k = 1; k <= 12; k++) {
  FIELDS[`retained${k}`] = {
    kind: 'percent',
    label: { de: `Noch Abonnent nach Periode ${k}`, en: `Still subscribed after period ${k}` },
    range: {
      de: 'Bitte einen Anteil von 0 bis 100 % eingeben, höchstens so viel wie nach der Periode davor.',
      en: 'Please enter a share from 0 to 100 %, at most as much as after the period before.',
    },
  };
}

/**
 * Messages for the core's error codes, the one table every calculator draws on: a calculator's
 * own texts (`range` in its message table) refine them per field or per code, and `range` of
 * the field refines out_of_range.
 */
export const MESSAGES = {
  missing: { de: 'Bitte einen Wert eingeben.', en: 'Please enter a value.' },
  not_a_number: { de: 'Bitte eine Zahl eingeben, zum Beispiel 12,5.', en: 'Please enter a number, for example 12.5.' },
  not_an_integer: { de: 'Bitte eine ganze Zahl eingeben.', en: 'Please enter a whole number.' },
  out_of_range: { de: 'Bitte einen Betrag ab 0 eingeben.', en: 'Please enter an amount of 0 or more.' },
  diverges: {
    de: 'So wächst der Wert ohne Ende: Bitte die Kündigungsrate oder die Abzinsung erhöhen.',
    en: 'At these rates the value grows without end: please raise churn or the discount rate.',
  },
  empty: { de: 'Bitte mindestens einen Wert eingeben.', en: 'Please enter at least one value.' },
  invalid_type: { de: 'Dieser Wert kann nicht gelesen werden.', en: 'This value cannot be read.' },
  unknown_field: { de: 'Unbekanntes Feld.', en: 'Unknown field.' },
};

/** The core's upper limits ("must be at most 10^15"), in words. */
const LIMITS = {
  15: { de: 'eine Billiarde', en: 'a quadrillion' },
  12: { de: 'eine Billion', en: 'a trillion' },
};
const SUPERSCRIPT = { 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** "Bitte höchstens 10¹⁵ (eine Billiarde) eingeben." for the core's "must be at most 10^15". */
function tooLarge(exponent, lang) {
  const power = `10${[...exponent].map((d) => SUPERSCRIPT[d]).join('')}`;
  const words = LIMITS[exponent]?.[lang];
  const limit = words ? `${power} (${words})` : power;
  return lang === 'de' ? `Das ist mehr, als der Rechner annimmt: Bitte höchstens ${limit} eingeben.`
    : `That is more than the calculator takes: please enter at most ${limit}.`;
}

const ATTRIBUTES = new Map(); // asked for every field of every element as they are defined and drawn
/** The attribute of an API field: churnRate -> churn-rate. */
export function attributeOf(field) {
  let attr = ATTRIBUTES.get(field);
  if (attr === undefined) {
    attr = field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    ATTRIBUTES.set(field, attr);
  }
  return attr;
}

/**
 * The localised message for a KundenwertError about `field`. `texts` (a calculator's own, by
 * field for out_of_range and by code for the rest) take precedence over the field's and the
 * shared ones, except for the core's upper limits, which are the same everywhere.
 */
export function messageFor(error, lang, texts = {}) {
  const field = FIELDS[error.field];
  if (error.code === 'out_of_range') {
    const limit = /at most 10\^(\d+)/.exec(error.message ?? '');
    if (limit) return tooLarge(limit[1], lang);
    if (texts[error.field]) return texts[error.field];
    if (field?.range) return field.range[lang];
  } else if (texts[error.code]) {
    return texts[error.code];
  }
  return (MESSAGES[error.code] ?? MESSAGES.invalid_type)[lang];
}

const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/**
 * The markup of a form's fields, in order: label, input with its unit, an optional hint and
 * slider, the error line. Fields marked `advanced` (the costs beyond the main ones) follow in
 * a <details> titled `more`, open when `open`; the visitor opens it on a phone.
 */
export function fieldsHtml(fields, lang, symbol, { more, open } = {}) {
  const one = (field) => {
    const def = FIELDS[field];
    const unit = def.unit?.[lang] ?? (def.kind === 'money' ? symbol : def.kind === 'percent' ? '%' : '');
    // A unit of its own (Jahre, %-Punkte) is part of the description; € and % say nothing the label does not.
    const described = [def.unit && `${field}-unit`, def.hint && `${field}-hint`, `${field}-error`].filter(Boolean).join(' ');
    let html = `<div class="field" part="field" data-field="${field}">`
      + `<label for="${field}" id="${field}-label">${escape(def.label[lang])}</label>`
      + `<div class="control"><input id="${field}" name="${field}" type="text" inputmode="${def.kind === 'count' || def.kind === 'months' ? 'numeric' : 'decimal'}" autocomplete="off" aria-describedby="${described}" part="input">`
      + (unit ? `<span class="unit" id="${field}-unit"${def.unit ? '' : ' aria-hidden="true"'}>${escape(unit)}</span>` : '')
      + '</div>';
    if (def.hint) html += `<p class="hint" id="${field}-hint" part="hint">${escape(def.hint[lang])}</p>`;
    if (def.slider) {
      const [min, max, step] = def.slider;
      html += `<input type="range" id="${field}-slider" min="${min}" max="${max}" step="${step}" tabindex="-1" aria-hidden="true" part="slider">`;
    }
    return `${html}<p class="error" id="${field}-error" aria-live="polite" part="error"></p></div>`;
  };
  const main = fields.filter((f) => !(more && FIELDS[f].advanced));
  const rest = fields.filter((f) => more && FIELDS[f].advanced);
  let html = `<div class="fields" part="fields">${main.map(one).join('')}</div>`;
  if (rest.length) {
    html += `<details class="more" id="more" part="more"${open ? ' open' : ''}><summary>${escape(more)}</summary>`
      + `<div class="fields" part="fields">${rest.map(one).join('')}</div></details>`;
  }
  return html;
}

/**
 * The markup of one result: its label and <output>; `headline` for the one figure that leads,
 * `gated` for those the lead gate covers (with the lock shown in their place, at their size),
 * `extra` for markup after the output (a band, a change).
 */
export function resultHtml(id, label, { headline = false, gated = false, extra = '' } = {}) {
  return `<div class="result${headline ? ' headline' : ''}${gated ? ' gated' : ''}" data-result="${id}">`
    + `<span class="label" id="${id}-label">${escape(label)}</span>`
    + `<output id="${id}" aria-labelledby="${id}-label" aria-live="polite" part="result">…</output>`
    + (gated ? '<span class="lock" aria-hidden="true"><svg viewBox="0 0 24 24" width="20" height="20"><path d="M7 10V7a5 5 0 0 1 10 0v3h1a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V11a1 1 0 0 1 1-1zm2 0h6V7a3 3 0 0 0-6 0z"/></svg></span>' : '')
    + `${extra}</div>`;
}
