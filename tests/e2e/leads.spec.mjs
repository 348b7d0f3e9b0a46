// Lead capture in Chromium against a real local HTTP receiver (scripts/lib/receiver.mjs, started
// here on a free port): what the webhook receives in JSON and form encoding, HubSpot's v3 body,
// nothing before consent, bots, failures that lose nothing (a 500 then 200, offline then the next
// visit, two tabs), expiry, owner texts that stay text, English and German, keyboard and axe,
// and the demo page that `npm start` serves with its receiver. Nothing leaves localhost.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { fileURLToPath } from 'node:url';
import { demoServer, receiverServer } from '../../scripts/lib/receiver.mjs';
import { listen } from '../../scripts/lib/server.mjs';
import { computed } from './helpers.mjs';

const PAGE = '/tests/e2e/pages/lead.html';
const OUTBOX = 'kundenwert-leads'; // the IndexedDB database, and the localStorage flag
const CONSENT_DE = 'Ich bin einverstanden, dass meine Angaben und mein Ergebnis an den Betreiber dieser Website übermittelt werden, damit er mich kontaktieren kann. Die Einwilligung kann ich jederzeit widerrufen.';
const SENT = 'Danke! Ihre Angaben wurden übermittelt.';
const FAILED = 'Ihre Angaben konnten gerade nicht gesendet werden. Sie bleiben gespeichert: Bitte versuchen Sie es erneut. Sonst werden sie bei Ihrem nächsten Besuch automatisch gesendet.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const INPUTS = { arpa: 100, grossMargin: 0.8, churnRate: 0.05, expansionRate: 0, discountRate: 0 };

let receiver;
let server;
let origin;

test.beforeAll(async () => {
  ({ receiver, server } = receiverServer());
  origin = `http://localhost:${await listen(server, 0)}`;
});
test.afterAll(() => {
  server.closeAllConnections?.();
  server.close();
});
test.beforeEach(async ({ page }) => {
  receiver.reset();
  await page.addInitScript(() => {
    window.kwLeads = [];
    document.addEventListener('kw-lead', (e) => window.kwLeads.push(e.detail));
  });
});

/** The test page with a calculator configured by `attrs` (a webhook to the receiver by default). */
const address = (attrs = {}) => `${PAGE}?${new URLSearchParams({ lead: 'gate', 'lead-webhook': `${origin}/api/leads`, 'lead-min-seconds': '0', ...attrs })}`;
const posts = () => receiver.requests.filter((r) => r.method === 'POST');
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ').trim();

/** Requests the page makes to the receiver, and problems (page errors, requests leaving localhost). */
function watch(page) {
  const toReceiver = [];
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url().startsWith(origin)) toReceiver.push(`${r.method()} ${new URL(r.url()).pathname}`);
    if (!r.url().startsWith('http://localhost:')) problems.push(`request left localhost: ${r.url()}`);
  });
  return { toReceiver, problems };
}

/** Opens the page and waits for the calculator's first result. */
async function open(page, attrs, el = 'clv-calculator') {
  await page.goto(address(attrs));
  await computed(page.locator(el));
}

/** Fills the form as a visitor does; opens it first where it is offered behind a summary. */
async function fill(page, { email = 'anna@beispiel.de', name, company, consent = true } = {}, el = 'clv-calculator') {
  // (a click while the card still grows to the page's width can land beside the summary: click
  // again until the field shows)
  const field = page.locator(`${el} #lead-email`);
  await expect(async () => {
    const summary = page.locator(`${el} details.lead:not([open]) summary`);
    if (await summary.count()) await summary.click();
    await expect(field).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await field.fill(email);
  if (name !== undefined) await page.locator(`${el} #lead-name`).fill(name);
  if (company !== undefined) await page.locator(`${el} #lead-company`).fill(company);
  if (consent) await page.locator(`${el} #lead-consent`).check();
}

const submit = (page, el = 'clv-calculator') => page.locator(`${el} #lead-submit`).click();
const status = (page, el = 'clv-calculator') => page.locator(`${el} #lead-status`);
/** The leads waiting in the outbox (IndexedDB), opened without creating it. */
const outbox = (page) => page.evaluate(async (name) => {
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return [];
  const db = await new Promise((resolve, reject) => Object.assign(indexedDB.open(name), { onsuccess: (e) => resolve(e.target.result), onerror: reject }));
  const all = await new Promise((resolve) => { db.transaction('leads').objectStore('leads').getAll().onsuccess = (e) => resolve(e.target.result); });
  db.close();
  return all;
}, OUTBOX);
const events = (page) => page.evaluate(() => window.kwLeads);
/** What the page keeps in the browser: localStorage keys and IndexedDB databases. */
const stored = (page) => page.evaluate(async () => ({ localStorage: localStorage.length, databases: (await indexedDB.databases()).map((d) => d.name) }));

test.describe('lead off', () => {
  test('absent or "off": no form, no gate, no lead properties set', async ({ page }) => {
    for (const lead of [null, 'off', 'bogus']) {
      await page.goto(lead === null ? `${PAGE}?` : `${PAGE}?lead=${lead}&lead-webhook=${encodeURIComponent(`${origin}/api/leads`)}`);
      const el = page.locator('clv-calculator');
      await expect(el.locator('output#clv')).toHaveText('1.600,00 €');
      await expect(el.locator('.lead')).toHaveCount(0);
      await expect(el).not.toHaveAttribute('data-lead-locked');
      expect(await el.evaluate((e) => e.lead)).toBe('off');
    }
    expect(receiver.requests).toEqual([]);
    expect(await stored(page)).toEqual({ localStorage: 0, databases: [] });
  });
});

test.describe('every calculator', () => {
  for (const [name, headline] of [['clv-calculator', ['clv']], ['ltv-cac-calculator', ['ratio', 'band']], ['tcv-calculator', ['tcv']],
    ['retention-impact-calculator', ['clv', 'clv-change', 'profit', 'profit-change']]]) {
    test(`${name}: the gate hides its headline and chart, the rest stays as a teaser; sending reveals them`, async ({ page }) => {
      await open(page, { el: name }, name);
      const el = page.locator(name);
      for (const id of headline) await expect(el.locator(`#${id}`)).toBeHidden();
      await expect(el.locator('#chart')).toBeHidden();
      await expect(el.locator('.results output:visible').first()).not.toHaveText('');
      await fill(page, {}, name);
      await submit(page, name);
      await expect(status(page, name)).toHaveText(SENT);
      for (const id of headline) await expect(el.locator(`#${id}`)).toBeVisible();
      await expect(el.locator('#chart')).toBeVisible();
      const [post] = posts();
      expect(post.data.calculator).toBe(name);
      expect(post.data.results).toEqual(await el.evaluate((e) => e.summary(e.result)));
    });
  }
});

test.describe('the webhook', () => {
  test('gate: the headline waits for the form; the receiver gets the documented JSON, once', async ({ page }) => {
    const { toReceiver, problems } = watch(page);
    await open(page);
    const el = page.locator('clv-calculator');
    await expect(el).toHaveAttribute('data-lead-locked', '');
    await expect(el.locator('output#clv')).toBeHidden();
    await expect(el.locator('#chart')).toBeHidden();
    await expect(el.locator('output#second')).toHaveText('20 Monate'); // the teaser stays
    await expect(el.locator('.lead-title')).toHaveText('Ihr Ergebnis ist berechnet');
    await expect(el.locator('#lead-consent')).not.toBeChecked();
    await expect(el.locator('#lead-consent-text')).toHaveText(CONSENT_DE);

    await fill(page, { name: 'Anna Muster', company: 'Muster GmbH' });
    const before = Date.now();
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    await expect(el.locator('output#clv')).toBeVisible();
    expect(plain(await el.locator('output#clv').textContent())).toBe('1.600,00 €');
    await expect(el.locator('#lead-form')).toBeHidden();

    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post.path).toBe('/api/leads');
    expect(post.type).toBe('application/json');
    expect(post.data.id).toMatch(UUID);
    expect(Date.parse(post.data.consent.at)).toBeGreaterThanOrEqual(before - 5);
    expect(Date.parse(post.data.consent.at)).toBeLessThanOrEqual(Date.now());
    expect(post.data).toEqual({
      id: post.data.id,
      calculator: 'clv-calculator',
      mode: 'subscription',
      inputs: INPUTS,
      results: { clv: 1600 },
      lead: { email: 'anna@beispiel.de', name: 'Anna Muster', company: 'Muster GmbH' },
      consent: { text: CONSENT_DE, privacyUrl: null, at: post.data.consent.at },
      page: { url: page.url(), title: 'Lead-Test' },
      locale: 'de',
      currency: 'EUR',
    });
    // JSON is not a simple request: the browser asked first, and the receiver allowed it.
    expect(receiver.requests.findIndex((r) => r.method === 'OPTIONS')).toBe(0);
    expect(await events(page)).toEqual([post.data]);
    expect(await outbox(page)).toEqual([]);
    expect(toReceiver.filter((r) => r.startsWith('POST'))).toEqual(['POST /api/leads']);
    expect(problems).toEqual([]);
  });

  test('form encoding: the same lead as bracketed fields, with no CORS preflight', async ({ page }) => {
    await open(page, { lead: 'offer', 'lead-webhook-format': 'form', 'lead-fields': 'company', 'lead-privacy-url': '/datenschutz.html' });
    const el = page.locator('clv-calculator');
    await expect(el.locator('output#clv')).toHaveText('1.600,00 €'); // offer: results shown
    await expect(el.locator('details.lead summary')).toHaveText('Ergebnis per E-Mail erhalten');
    await fill(page, { company: 'Muster & Söhne' });
    await expect(el.locator('#lead-name')).toHaveCount(0);
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    expect(posts()).toHaveLength(1);
    const [post] = posts();
    expect(post.type).toBe('application/x-www-form-urlencoded');
    expect(receiver.requests.filter((r) => r.method === 'OPTIONS')).toEqual([]);
    expect(post.raw).toContain('lead%5Bemail%5D=anna%40beispiel.de');
    expect(post.raw).toContain('lead%5Bcompany%5D=Muster+%26+S%C3%B6hne');
    const [sent] = await events(page);
    const privacyUrl = new URL('/datenschutz.html', page.url()).href;
    expect(sent.consent.privacyUrl).toBe(privacyUrl);
    expect(post.data).toEqual({
      id: sent.id,
      calculator: 'clv-calculator',
      mode: 'subscription',
      inputs: { arpa: '100', grossMargin: '0.8', churnRate: '0.05', expansionRate: '0', discountRate: '0' },
      results: { clv: '1600' },
      lead: { email: 'anna@beispiel.de', company: 'Muster & Söhne' },
      consent: { text: CONSENT_DE, privacyUrl, at: sent.consent.at },
      page: { url: page.url(), title: 'Lead-Test' },
      locale: 'de',
      currency: 'EUR',
    });
  });
});

test.describe('HubSpot', () => {
  test('the forms v3 body: mapped fields, legal consent, context with the hubspotutk cookie when present', async ({ page, context, baseURL }) => {
    const attrs = {
      lead: 'offer', 'lead-webhook': '', 'lead-hubspot-portal': '123456', 'lead-hubspot-form': '0a1b2c3d-4e5f-6789-abcd-ef0123456789',
      'lead-hubspot-url': origin, 'lead-hubspot-fields': 'email=email name=firstname company=company clv=kundenwert_clv churnRate=0-2/churn',
      'lead-hubspot-subscription': '999', 'lead-consent': 'Ja, die Beispiel GmbH darf mir mein Ergebnis schicken.',
    };
    await context.addCookies([{ name: 'hubspotutk', value: '5f3a9c0e1d2b4a6f8e7d6c5b4a392817', url: baseURL }]);
    await open(page, attrs);
    await fill(page, { name: 'Anna' });
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    expect(posts()).toHaveLength(1);
    let [post] = posts();
    let [sent] = await events(page);
    expect(post.path).toBe('/submissions/v3/integration/submit/123456/0a1b2c3d-4e5f-6789-abcd-ef0123456789');
    expect(post.type).toBe('application/json');
    const consent = {
      consentToProcess: true,
      text: 'Ja, die Beispiel GmbH darf mir mein Ergebnis schicken.',
      communications: [{ value: true, subscriptionTypeId: 999, text: 'Ja, die Beispiel GmbH darf mir mein Ergebnis schicken.' }],
    };
    expect(post.data).toEqual({
      submittedAt: String(Date.parse(sent.consent.at)),
      fields: [
        { objectTypeId: '0-1', name: 'email', value: 'anna@beispiel.de' },
        { objectTypeId: '0-1', name: 'firstname', value: 'Anna' },
        // company left empty: not sent
        { objectTypeId: '0-1', name: 'kundenwert_clv', value: '1600' },
        { objectTypeId: '0-2', name: 'churn', value: '0.05' },
      ],
      context: { hutk: '5f3a9c0e1d2b4a6f8e7d6c5b4a392817', pageUri: page.url(), pageName: 'Lead-Test' },
      legalConsentOptions: { consent },
    });

    // Without HubSpot's tracking cookie there is no hutk; the default mapping.
    await context.clearCookies();
    receiver.reset();
    delete attrs['lead-hubspot-fields'];
    delete attrs['lead-hubspot-subscription'];
    await open(page, attrs);
    await fill(page, { name: 'Anna', company: 'Muster GmbH' });
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    [post] = posts();
    [sent] = await events(page);
    expect(post.data).toEqual({
      submittedAt: String(Date.parse(sent.consent.at)),
      fields: [
        { objectTypeId: '0-1', name: 'email', value: 'anna@beispiel.de' },
        { objectTypeId: '0-1', name: 'firstname', value: 'Anna' },
        { objectTypeId: '0-1', name: 'company', value: 'Muster GmbH' },
      ],
      context: { pageUri: page.url(), pageName: 'Lead-Test' },
      legalConsentOptions: { consent: { consentToProcess: true, text: 'Ja, die Beispiel GmbH darf mir mein Ergebnis schicken.' } },
    });
  });

  test('webhook delivered, HubSpot failed: the retry goes to HubSpot only', async ({ page }) => {
    let hubspotFailures = 1;
    receiver.answer = (r) => (r.path.startsWith('/submissions/') && hubspotFailures-- > 0 ? 500 : 200);
    await open(page, { 'lead-hubspot-portal': '42', 'lead-hubspot-form': 'f0rm', 'lead-hubspot-url': origin });
    await fill(page);
    await submit(page);
    await expect(status(page)).toHaveText(FAILED);
    expect(posts().map((r) => [r.path.split('/')[1], r.status])).toEqual([['api', 200], ['submissions', 500]]);
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    expect(posts().map((r) => [r.path.split('/')[1], r.status])).toEqual([['api', 200], ['submissions', 500], ['submissions', 200]]);
    expect(await outbox(page)).toEqual([]);
  });
});

test.describe('consent and checks', () => {
  test('nothing at all is sent before consent; bad entries are named next to their field and kept', async ({ page }) => {
    const { toReceiver } = watch(page);
    await open(page, { 'lead-fields': 'name' });
    const el = page.locator('clv-calculator');
    await fill(page, { email: 'anna@beispiel', name: 'Anna', consent: false });
    await submit(page);
    await expect(el.locator('#lead-email-error')).toHaveText('Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@firma.de.');
    await expect(el.locator('#lead-email')).toHaveAttribute('aria-invalid', 'true');
    await expect(el.locator('#lead-consent-error')).toHaveText('Bitte stimmen Sie zu: Ohne Ihre Einwilligung wird nichts gesendet.');
    await expect(el.locator('#lead-consent')).toHaveAttribute('aria-invalid', 'true');
    expect(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.id)).toBe('lead-email');
    await expect(el.locator('#lead-email')).toHaveValue('anna@beispiel');
    await expect(el.locator('#lead-name')).toHaveValue('Anna');

    await el.locator('#lead-email').fill('');
    await submit(page);
    await expect(el.locator('#lead-email-error')).toHaveText('Bitte geben Sie Ihre E-Mail-Adresse ein.');
    await el.locator('#lead-email').fill('anna@beispiel.de');
    await expect(el.locator('#lead-email-error')).toHaveText(''); // fixed: the message goes as they type
    await submit(page);
    await expect(el.locator('#lead-email')).not.toHaveAttribute('aria-invalid');
    await expect(el.locator('#lead-consent-error')).not.toHaveText('');
    await expect(el).toHaveAttribute('data-lead-locked', '');
    await page.waitForTimeout(300);
    expect(toReceiver).toEqual([]);
    expect(receiver.requests).toEqual([]);
    expect(await events(page)).toEqual([]);
    expect(await stored(page)).toEqual({ localStorage: 0, databases: [] });

    await el.locator('#lead-consent').check();
    await expect(el.locator('#lead-consent-error')).toHaveText(''); // cleared as soon as it is given
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    expect(posts()).toHaveLength(1);
    expect(posts()[0].data.lead).toEqual({ email: 'anna@beispiel.de', name: 'Anna' });
  });

  test('bots: a filled honeypot or a submit faster than the minimum time sees success; nothing is sent', async ({ page }) => {
    const { toReceiver } = watch(page);
    await open(page);
    const el = page.locator('clv-calculator');
    await expect(el.locator('#lead-hp')).toHaveAttribute('tabindex', '-1');
    await fill(page);
    await el.locator('#lead-hp').evaluate((input) => {
      input.value = 'https://spam.example';
      input.dispatchEvent(new Event('input'));
    });
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    await expect(el.locator('output#clv')).toBeVisible();

    await open(page, { 'lead-min-seconds': '30' });
    await fill(page);
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    await page.waitForTimeout(300);
    expect(toReceiver).toEqual([]);
    expect(receiver.requests).toEqual([]);
    expect(await events(page)).toEqual([]);
    expect(await stored(page)).toEqual({ localStorage: 0, databases: [] });

    // The same visitor after the minimum time is sent.
    await open(page, { 'lead-min-seconds': '0.6' });
    await fill(page);
    await page.waitForTimeout(700);
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    expect(posts()).toHaveLength(1);
  });

  test('owner texts stay text: <script> in the consent and a javascript: privacy link are inert', async ({ page }) => {
    const { problems } = watch(page);
    const consent = 'Ich stimme zu. <script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"><b>fett</b> & <a href="javascript:window.pwned=4">hier</a>';
    await open(page, { 'lead-consent': consent, 'lead-privacy-url': 'javascript:window.pwned = 3' });
    const el = page.locator('clv-calculator');
    await expect(el.locator('#lead-consent-text')).toHaveText(consent);
    expect(await el.evaluate((e) => e.shadowRoot.querySelectorAll('script, img, b, .consent a, a[href^="javascript"]').length)).toBe(0);
    await expect(el.locator('#lead-privacy-error')).toHaveText('Der Link zur Datenschutzerklärung ist ungültig und wird nicht angezeigt.');
    await fill(page, { consent: false });
    await el.locator('#lead-consent-text').click(); // the label ticks the box
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    expect(posts()[0].data.consent).toEqual({ text: consent, privacyUrl: null, at: posts()[0].data.consent.at });
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();

    // Other schemes are refused too; http(s) becomes a link that opens apart from the form.
    for (const bad of ['data:text/html,<script>alert(1)</script>', '  JavaScript:alert(1)', 'vbscript:x', 'https://user:pw@beispiel.de/']) {
      await el.evaluate((e, url) => { e.leadPrivacyUrl = url; }, bad);
      await expect(el.locator('.consent a')).toHaveCount(0);
    }
    await el.evaluate((e) => { e.lead = 'offer'; e.leadPrivacyUrl = 'https://beispiel.de/datenschutz'; });
    const link = el.locator('.consent a');
    await expect(link).toHaveText('Datenschutzerklärung');
    await expect(link).toHaveAttribute('href', 'https://beispiel.de/datenschutz');
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(el.locator('#lead-privacy-error')).toHaveText('');
    expect(await page.evaluate(() => window.pwned)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  test('a destination that cannot be used is named; the results are not held back and nothing is sent', async ({ page }) => {
    await open(page, { 'lead-webhook': 'javascript:alert(1)' });
    const el = page.locator('clv-calculator');
    await expect(status(page)).toHaveText('Dieses Formular ist nicht richtig eingerichtet (lead-webhook). Es wird nichts gesendet.');
    await expect(el).not.toHaveAttribute('data-lead-locked');
    await fill(page);
    await submit(page);
    await expect(el.locator('#lead-email')).toHaveValue('anna@beispiel.de');
    await open(page, { 'lead-hubspot-portal': 'abc', 'lead-hubspot-form': 'x y', 'lead-webhook-format': 'xml', 'lead-hubspot-url': 'ftp://proxy' });
    await expect(status(page)).toHaveText('Dieses Formular ist nicht richtig eingerichtet (lead-webhook-format, lead-hubspot-url, lead-hubspot-portal, lead-hubspot-form). Es wird nichts gesendet.');
    await fill(page);
    await submit(page);
    await page.waitForTimeout(200);
    expect(receiver.requests).toEqual([]);
    expect(await events(page)).toEqual([]);
  });
});

test.describe('failures lose nothing', () => {
  test('a 500, then 200: the visitor sees it, keeps the entries, retries; the lead arrives exactly once', async ({ page }) => {
    receiver.next.push(500);
    await open(page);
    const el = page.locator('clv-calculator');
    await fill(page, { name: 'Anna', company: 'Muster GmbH' });
    await submit(page);
    await expect(status(page)).toHaveText(FAILED);
    await expect(el.locator('#lead-submit')).toHaveText('Erneut senden');
    await expect(el.locator('#lead-email')).toHaveValue('anna@beispiel.de');
    await expect(el.locator('#lead-company')).toHaveValue('Muster GmbH');
    await expect(el.locator('#lead-consent')).toBeChecked();
    await expect(el.locator('output#clv')).toBeVisible(); // the visitor did their part
    const [queued] = await outbox(page);
    expect(queued.id).toMatch(UUID);
    expect(Object.keys(queued.sends)).toEqual(['webhook']);

    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    expect(posts().map((r) => [r.data.id, r.status])).toEqual([[queued.id, 500], [queued.id, 200]]);
    expect(receiver.leads).toHaveLength(1);
    expect(await outbox(page)).toEqual([]);
    expect((await events(page)).map((e) => e.id)).toEqual([queued.id]); // one lead, one event

    await page.reload();
    await computed(page.locator('clv-calculator'));
    await page.waitForTimeout(300);
    expect(posts()).toHaveLength(2);
  });

  test('offline: the lead waits in the outbox and is delivered on the next visit, exactly once', async ({ page, context }) => {
    await open(page);
    await context.setOffline(true);
    await fill(page);
    await submit(page);
    await expect(status(page)).toHaveText(FAILED);
    const [queued] = await outbox(page);
    expect(queued.id).toMatch(UUID);
    expect(queued.expires - Date.now()).toBeGreaterThan(7 * 864e5 - 60_000);
    expect(queued.expires - Date.now()).toBeLessThanOrEqual(7 * 864e5);
    await page.close();
    expect(posts()).toEqual([]); // (Chromium's offline emulation lets the CORS preflight through)

    await context.setOffline(false);
    const next = await context.newPage();
    await next.goto(address());
    await expect.poll(() => posts().length).toBe(1);
    expect(posts()[0].status).toBe(200);
    expect(posts()[0].data.id).toBe(queued.id);
    expect(posts()[0].data.lead.email).toBe('anna@beispiel.de');
    await expect.poll(() => outbox(next)).toEqual([]);
    const third = await context.newPage();
    await third.goto(address());
    await computed(third.locator('clv-calculator'));
    await third.waitForTimeout(300);
    expect(posts()).toHaveLength(1);
  });

  test('back online on the same page: delivered without a reload', async ({ page, context }) => {
    await open(page);
    await context.setOffline(true);
    await fill(page);
    await submit(page);
    await expect(status(page)).toHaveText(FAILED);
    await context.setOffline(false);
    await expect(status(page)).toHaveText(SENT);
    expect(posts()).toHaveLength(1);
    expect(await outbox(page)).toEqual([]);
  });

  test('two tabs opening at once deliver a waiting lead once; any calculator page resumes it', async ({ page, context }) => {
    await open(page);
    await context.setOffline(true);
    await fill(page);
    await submit(page);
    await expect(status(page)).toHaveText(FAILED);
    await page.close();
    await context.setOffline(false);
    const [a, b] = await Promise.all([context.newPage(), context.newPage()]);
    await Promise.all([a.goto(`${PAGE}?el=tcv-calculator`), b.goto(`${PAGE}?el=ltv-cac-calculator`)]); // no lead attribute at all
    await expect.poll(() => posts().length).toBe(1);
    await expect.poll(() => outbox(a)).toEqual([]);
    await a.waitForTimeout(300);
    expect(posts()).toHaveLength(1);
  });

  test(`a lead not delivered within ${7} days is dropped unsent`, async ({ page }) => {
    const entry = (id, expires) => ({
      id, expires, sends: { webhook: { url: `${origin}/api/leads`, type: 'application/json', body: JSON.stringify({ id }) } },
    });
    await page.goto(`${PAGE}?`);
    // As an earlier visit would have left them: the flag, and the leads in IndexedDB.
    await page.evaluate(([name, list]) => new Promise((resolve, reject) => {
      localStorage.setItem(name, '1');
      const open = indexedDB.open(name, 1);
      open.onupgradeneeded = () => open.result.createObjectStore('leads', { keyPath: 'id' });
      open.onsuccess = () => {
        const tx = open.result.transaction('leads', 'readwrite');
        for (const e of list) tx.objectStore('leads').put(e);
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = reject;
      };
    }), [OUTBOX, [entry('old', Date.now() - 1000), entry('fresh', Date.now() + 864e5)]]);
    await page.reload();
    await expect.poll(() => posts().length).toBe(1);
    expect(posts()[0].data).toEqual({ id: 'fresh' });
    await expect.poll(() => outbox(page)).toEqual([]);
  });
});

test.describe('languages, properties, events', () => {
  test('English texts; switching the locale keeps what was typed; properties mirror the attributes', async ({ page }) => {
    await open(page, { locale: 'en' });
    const el = page.locator('clv-calculator');
    await expect(el.locator('.lead-title')).toHaveText('Your result is ready');
    await expect(el.locator('#lead-submit')).toHaveText('Show my result');
    await expect(el.locator('label[for="lead-email"]')).toHaveText('Email address');
    await el.locator('#lead-email').fill('anna@example');
    await el.locator('#lead-company').fill('Example Ltd');
    await submit(page);
    await expect(el.locator('#lead-email-error')).toHaveText('Please enter a valid email address, for example name@company.com.');
    await expect(el.locator('#lead-consent-error')).toHaveText('Please give your consent: without it nothing is sent.');
    await el.locator('#lead-consent').check();
    await el.evaluate((e) => e.setAttribute('locale', 'de'));
    await expect(el.locator('.lead-title')).toHaveText('Ihr Ergebnis ist berechnet');
    await expect(el.locator('#lead-email-error')).toHaveText('Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@firma.de.');
    await expect(el.locator('#lead-email')).toHaveValue('anna@example');
    await expect(el.locator('#lead-company')).toHaveValue('Example Ltd');
    await expect(el.locator('#lead-consent')).toBeChecked();

    const props = await el.evaluate((e) => {
      e.leadWebhookFormat = 'form';
      e.leadMinSeconds = 0;
      return [e.lead, e.leadWebhook, e.getAttribute('lead-webhook-format'), e.leadMinSeconds];
    });
    expect(props).toEqual(['gate', `${origin}/api/leads`, 'form', '0']);
    await el.evaluate((e) => { e.lead = 'off'; });
    await expect(el.locator('.lead')).toHaveCount(0);
    await expect(el).not.toHaveAttribute('data-lead-locked');
    await el.evaluate((e) => { e.lead = 'offer'; });
    await el.locator('.lead summary').click();
    await expect(el.locator('#lead-email')).toHaveValue('anna@example');
    // the offer the visitor opened stays open when the card is drawn again in another language
    await el.evaluate((e) => e.setAttribute('locale', 'en'));
    await expect(el.locator('.lead summary')).toHaveText('Send me my results');
    await expect(el.locator('details.lead')).toHaveAttribute('open', '');
    await expect(el.locator('#lead-email')).toBeVisible();
    await el.locator('#lead-email').fill('anna@example.com');
    await submit(page);
    await expect(status(page)).toHaveText('Thank you! Your details have been sent.');
    expect(posts()[0].type).toBe('application/x-www-form-urlencoded');
  });

  test('kw-lead always; dataLayer only when asked, and without personal data', async ({ page }) => {
    await open(page, { 'lead-webhook': '', lead: 'offer' }); // no destination: the event alone
    await fill(page);
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    const [sent] = await events(page);
    expect(sent.lead.email).toBe('anna@beispiel.de');
    expect(await page.evaluate(() => window.dataLayer)).toBeUndefined();

    await open(page, { 'lead-data-layer': 'lead_captured' });
    await fill(page);
    await submit(page);
    await expect(status(page)).toHaveText(SENT);
    const [lead] = await events(page);
    const pushed = await page.evaluate(() => window.dataLayer);
    expect(pushed).toEqual([{ event: 'lead_captured', calculator: 'clv-calculator', mode: 'subscription', leadId: lead.id, clv: 1600 }]);
    expect(JSON.stringify(pushed)).not.toContain('beispiel.de');
  });
});

test.describe('accessibility', () => {
  test('keyboard only: from the last field into the form, tick with Space, send with Enter', async ({ page }) => {
    await open(page, { 'lead-privacy-url': '/datenschutz.html' });
    const active = () => page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.id);
    await page.locator('clv-calculator input#horizon').focus();
    await page.keyboard.press('Tab');
    expect(await active()).toBe('lead-email');
    await page.keyboard.type('anna@beispiel.de');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('lead-name');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('lead-company');
    await page.keyboard.press('Tab'); // the honeypot is skipped
    expect(await active()).toBe('lead-consent');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('lead-privacy');
    await page.keyboard.press('Tab');
    expect(await active()).toBe('lead-submit');
    await page.keyboard.press('Enter');
    await expect(status(page)).toHaveText(SENT);
    expect(await active()).toBe('lead-status'); // focus follows the form that went away
    expect(posts()).toHaveLength(1);
  });

  test('axe finds no violations: the gate, with errors shown, the offer opened, on a dark page', async ({ page }) => {
    const check = async () => {
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    };
    await open(page, { 'lead-privacy-url': '/datenschutz.html', 'heading-level': '2' });
    await check();
    await submit(page);
    await expect(page.locator('clv-calculator #lead-email-error')).not.toHaveText('');
    await check();
    await open(page, { lead: 'offer', theme: 'dark', 'lead-privacy-url': '/datenschutz.html', 'heading-level': '2' });
    await page.evaluate(() => { document.body.style.cssText = 'background: #12161d; color: #e8eaed'; });
    await page.locator('clv-calculator .lead summary').click();
    await submit(page);
    await expect(page.locator('clv-calculator #lead-consent-error')).not.toHaveText('');
    await check();
  });
});

test.describe('the demo (npm start)', () => {
  test('www/leads.html posts to the receiver npm start runs; the page lists the lead as it arrives', async ({ page }) => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const demo = demoServer(root);
    const port = await listen(demo.server, 0);
    try {
      await page.goto(`http://localhost:${port}/leads.html`);
      const el = page.locator('ltv-cac-calculator');
      await computed(el);
      const started = Date.now();
      await expect(el.locator('output#ratio')).toBeHidden();
      await expect(el.locator('output#cac')).toHaveText(/400,00/);
      await fill(page, { email: 'demo@beispiel.de', name: 'Demo', company: 'Beispiel GmbH' }, 'ltv-cac-calculator');
      await page.waitForTimeout(Math.max(0, 2100 - (Date.now() - started))); // the page asks for 2 s
      await submit(page, 'ltv-cac-calculator');
      await expect(status(page, 'ltv-cac-calculator')).toHaveText(SENT);
      await expect(el.locator('output#ratio')).toHaveText('4,0 : 1');
      expect(demo.receiver.leads).toHaveLength(1);
      expect(demo.receiver.leads[0]).toMatchObject({
        calculator: 'ltv-cac-calculator', mode: 'spend', lead: { email: 'demo@beispiel.de', name: 'Demo', company: 'Beispiel GmbH' },
        results: { cac: 400, clv: 1600, ltvCac: 4, band: 'healthy', paybackMonths: 6 },
      });
      await expect(page.locator('#leads tr').first()).toContainText('demo@beispiel.de', { timeout: 5000 });
      await expect(page.locator('#leads tr').first()).toContainText('ltvCac: 4');
    } finally {
      demo.server.closeAllConnections?.();
      demo.server.close();
    }
  });
});
