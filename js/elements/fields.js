// The input fields the calculators share: their labels in German and English, how they are
// shown (money, percent, count ...) and how an out-of-range value is explained. The API field
// name is the key; the attribute is its kebab-case form (churnRate -> churn-rate).

/**
 * kind: money (currency units) | percent (a fraction in the API, 0-100 in the field) |
 * count (whole number) | number | months. `slider`: [min, max, step] in field units.
 * `range`: what out_of_range means for this field.
 */
export const FIELDS = {
  arpa: {
    kind: 'money',
    label: { de: 'Umsatz pro Kunde und Monat', en: 'Revenue per customer per month' },
  },
  grossMargin: {
    kind: 'percent',
    slider: [0, 100, 1],
    label: { de: 'Bruttomarge', en: 'Gross margin' },
    range: { de: 'Bitte einen Wert von 0 bis 100 % eingeben.', en: 'Please enter a value from 0 to 100 %.' },
  },
  churnRate: {
    kind: 'percent',
    slider: [0, 30, 0.5],
    label: { de: 'Abwanderung (Churn) pro Monat', en: 'Churn per month' },
    range: { de: 'Bitte einen Wert von 0 bis 100 % eingeben.', en: 'Please enter a value from 0 to 100 %.' },
  },
  expansionRate: {
    kind: 'percent',
    signed: true,
    label: { de: 'Expansion pro Monat (Upsell abzüglich Downgrades)', en: 'Net expansion per month (upsell minus downgrades)' },
    range: { de: 'Bitte einen Wert von −100 bis 100 % eingeben.', en: 'Please enter a value from −100 to 100 %.' },
  },
  discountRate: {
    kind: 'percent',
    label: { de: 'Abzinsung pro Monat', en: 'Discount rate per month' },
    range: { de: 'Bitte einen Wert von 0 bis 100 % eingeben.', en: 'Please enter a value from 0 to 100 %.' },
  },
  horizon: {
    kind: 'months',
    optional: true,
    label: { de: 'Zeitraum in Monaten (leer: unbegrenzt)', en: 'Horizon in months (empty: open)' },
    range: { de: 'Bitte 1 bis 1.200 Monate eingeben oder das Feld leeren.', en: 'Please enter 1 to 1,200 months or leave it empty.' },
  },
  averageOrderValue: {
    kind: 'money',
    label: { de: 'Durchschnittlicher Bestellwert', en: 'Average order value' },
  },
  purchasesPerYear: {
    kind: 'number',
    label: { de: 'Käufe pro Kunde und Jahr', en: 'Purchases per customer per year' },
  },
  retentionYears: {
    kind: 'number',
    label: { de: 'Kundenbindung in Jahren', en: 'Years as a customer' },
  },
  acquisitionCost: {
    kind: 'money',
    label: { de: 'Akquisitionskosten pro Kunde (CAC)', en: 'Acquisition cost per customer (CAC)' },
  },
  revenuePerPeriod: {
    kind: 'money',
    label: { de: 'Umsatz pro Kunde und Monat', en: 'Revenue per customer per month' },
  },
  periods: {
    kind: 'number',
    label: { de: 'Kundenbeziehung in Monaten', en: 'Months as a customer' },
  },
  spend: {
    kind: 'money',
    label: { de: 'Vertriebs- und Marketingausgaben', en: 'Sales and marketing spend' },
  },
  newCustomers: {
    kind: 'count',
    label: { de: 'Neukunden im selben Zeitraum', en: 'New customers in the same period' },
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
    label: { de: 'Onboarding-Kosten pro Kunde', en: 'Onboarding cost per customer' },
  },
  serviceCost: {
    kind: 'money',
    label: { de: 'Service und Support pro Monat', en: 'Service and support per month' },
  },
  accountManagementCost: {
    kind: 'money',
    label: { de: 'Account-Management pro Monat', en: 'Account management per month' },
  },
  retentionCost: {
    kind: 'money',
    label: { de: 'Kundenbindungsprogramm pro Monat', en: 'Retention programme per month' },
  },
  dunningCost: {
    kind: 'money',
    label: { de: 'Mahnwesen und Zahlungsausfälle pro Monat', en: 'Dunning and failed payments per month' },
  },
  upgradeCost: {
    kind: 'money',
    label: { de: 'Upgrade- und Migrationsaufwand pro Monat', en: 'Upgrade and migration work per month' },
  },
  retentionIncrease: {
    kind: 'percent',
    slider: [0, 20, 0.5],
    label: { de: 'Steigerung der jährlichen Kundenbindung (Prozentpunkte)', en: 'Rise in annual retention (percentage points)' },
    range: {
      de: 'Die jährliche Kundenbindung kann 100 % nicht erreichen: bitte weniger Prozentpunkte wählen.',
      en: 'Annual retention cannot reach 100 %: please choose fewer points.',
    },
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

/** Messages for the core's error codes; `range` of the field refines out_of_range. */
export const MESSAGES = {
  missing: { de: 'Bitte einen Wert eingeben.', en: 'Please enter a value.' },
  not_a_number: { de: 'Bitte eine Zahl eingeben, zum Beispiel 12,5.', en: 'Please enter a number, for example 12.5.' },
  not_an_integer: { de: 'Bitte eine ganze Zahl eingeben.', en: 'Please enter a whole number.' },
  out_of_range: { de: 'Bitte einen Betrag ab 0 eingeben.', en: 'Please enter an amount of 0 or more.' },
  diverges: {
    de: 'So wächst der Wert ohne Ende: bitte Abwanderung oder Abzinsung erhöhen oder einen Zeitraum angeben.',
    en: 'The value grows without end: please raise churn or the discount rate, or set a horizon.',
  },
  empty: { de: 'Bitte mindestens einen Wert eingeben.', en: 'Please enter at least one value.' },
  invalid_type: { de: 'Dieser Wert kann nicht gelesen werden.', en: 'This value cannot be read.' },
  unknown_field: { de: 'Unbekanntes Feld.', en: 'Unknown field.' },
};

/** The attribute of an API field: churnRate -> churn-rate. */
export function attributeOf(field) {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * The localised message for a KundenwertError about `field`; `ranges` (a calculator's own
 * out_of_range texts by field) take precedence over the field's.
 */
export function messageFor(error, lang, ranges = {}) {
  const field = FIELDS[error.field];
  if (error.code === 'out_of_range' && ranges[error.field]) return ranges[error.field];
  if (error.code === 'out_of_range' && field?.range) return field.range[lang];
  return (MESSAGES[error.code] ?? MESSAGES.invalid_type)[lang];
}
