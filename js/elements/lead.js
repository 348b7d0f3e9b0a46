// Lead capture around any calculator: lead="gate" hides the headline result until the visitor
// sends the form, lead="offer" shows the results and offers to send them. The form asks for an
// email (and a name and company, if configured) and a consent that starts unchecked; nothing is
// sent without it. A honeypot field and a minimum time catch bots, who see a success and send
// nothing. A consented lead fires `kw-lead`, is pushed to dataLayer when asked, and goes through
// the outbox (js/leads/outbox.js) to the owner's webhook and/or HubSpot. The owner's consent text
// and privacy link are set with textContent and setAttribute (http and https links only), never
// as HTML.
import { deliver } from '../leads/outbox.js';
import { requestsFor } from '../leads/payload.js';
import { currencyOf, languageOf } from './format.js';

export const LEAD_ATTRIBUTES = ['lead', 'lead-fields', 'lead-consent', 'lead-privacy-url', 'lead-webhook', 'lead-webhook-format',
  'lead-hubspot-portal', 'lead-hubspot-form', 'lead-hubspot-fields', 'lead-hubspot-subscription', 'lead-hubspot-url',
  'lead-min-seconds', 'lead-data-layer', 'lead-gate-text', 'cta-href', 'cta-text'];

const MODES = ['gate', 'offer'];
const OPTIONAL = ['name', 'company'];
const UNLOCKED = 'kundenwert-lead-unlocked';
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*\.[^\s@.]{2,}$/;

const T = {
  de: {
    gateTitle: 'Ihr Ergebnis ist berechnet',
    gateIntro: 'Geben Sie Ihre E-Mail-Adresse an, um es zu sehen.',
    unlock: 'Ergebnis freischalten',
    cta: 'Beratungstermin vereinbaren',
    offer: 'Ergebnis per E-Mail erhalten',
    email: 'E-Mail-Adresse',
    name: 'Name (optional)',
    company: 'Firma (optional)',
    consent: 'Ich bin einverstanden, dass meine Angaben und mein Ergebnis an den Betreiber dieser Website übermittelt werden, damit er mich kontaktieren kann. Die Einwilligung kann ich jederzeit widerrufen.',
    privacy: 'Datenschutzerklärung',
    gateSubmit: 'Ergebnis anzeigen',
    offerSubmit: 'Ergebnis senden',
    retry: 'Erneut senden',
    sending: 'Wird gesendet …',
    sent: 'Danke! Ihre Angaben wurden übermittelt.',
    failed: 'Ihre Angaben konnten gerade nicht gesendet werden. Sie bleiben gespeichert: Bitte versuchen Sie es erneut. Sonst werden sie bei Ihrem nächsten Besuch automatisch gesendet.',
    emailMissing: 'Bitte geben Sie Ihre E-Mail-Adresse ein.',
    emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein, zum Beispiel name@firma.de.',
    consentMissing: 'Bitte stimmen Sie zu: Ohne Ihre Einwilligung wird nichts gesendet.',
    badPrivacy: 'Der Link zur Datenschutzerklärung ist ungültig und wird nicht angezeigt.',
    badConfig: (names) => `Dieses Formular ist nicht richtig eingerichtet (${names}). Es wird nichts gesendet.`,
  },
  en: {
    gateTitle: 'Your result is ready',
    gateIntro: 'Enter your email address to see it.',
    unlock: 'Unlock my result',
    cta: 'Book a call',
    offer: 'Send me my results',
    email: 'Email address',
    name: 'Name (optional)',
    company: 'Company (optional)',
    consent: 'I agree that my details and my result are passed to the operator of this website so that they can contact me. I can withdraw my consent at any time.',
    privacy: 'Privacy policy',
    gateSubmit: 'Show my result',
    offerSubmit: 'Send my results',
    retry: 'Try again',
    sending: 'Sending …',
    sent: 'Thank you! Your details have been sent.',
    failed: 'Your details could not be sent just now. They are kept: please try again. Otherwise they are sent automatically on your next visit.',
    emailMissing: 'Please enter your email address.',
    emailInvalid: 'Please enter a valid email address, for example name@company.com.',
    consentMissing: 'Please give your consent: without it nothing is sent.',
    badPrivacy: 'The link to the privacy policy is invalid and is not shown.',
    badConfig: (names) => `This form is not set up correctly (${names}). Nothing is sent.`,
  },
};

/** An http(s) URL, resolved against the page, or null (javascript:, data:, unparsable, with credentials). */
export function safeUrl(value) {
  try {
    const url = new URL(String(value).trim(), document.baseURI);
    return /^https?:$/.test(url.protocol) && !url.username && !url.password ? url.href : null;
  } catch {
    return null;
  }
}

/** A random (v4) UUID; crypto.randomUUID exists only on secure pages. */
function uuid() {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function remembered() {
  try {
    return localStorage.getItem(UNLOCKED) === '1';
  } catch {
    return false;
  }
}

/** Properties for the attributes: leadWebhook <-> lead-webhook ...; `lead` reads 'off' unless gate or offer. */
export function defineLeadProperties(proto) {
  for (const attr of LEAD_ATTRIBUTES) {
    Object.defineProperty(proto, attr.replace(/-(\w)/g, (_, c) => c.toUpperCase()), {
      get() {
        const v = this.getAttribute(attr);
        return attr === 'lead' ? (MODES.includes(v) ? v : 'off') : v;
      },
      set(v) {
        if (v === null || v === undefined) this.removeAttribute(attr);
        else this.setAttribute(attr, v);
      },
      configurable: true,
    });
  }
}

/** The configuration from the attributes; `bad` lists the attributes that cannot be used. */
function config(host) {
  const a = (name) => host.getAttribute(`lead-${name}`);
  const bad = [];
  const url = (name, fallback) => {
    const v = a(name) ?? fallback;
    if (!v) return null;
    const u = safeUrl(v);
    if (!u) bad.push(`lead-${name}`);
    return u;
  };
  const format = a('webhook-format') || 'json';
  if (format !== 'json' && format !== 'form') bad.push('lead-webhook-format');
  const min = Number(a('min-seconds') ?? NaN);
  const cfg = {
    webhook: url('webhook'),
    format,
    fields: OPTIONAL.filter((f) => (a('fields') ?? 'name company').split(/[\s,]+/).includes(f)),
    consent: a('consent')?.trim() || '',
    privacy: a('privacy-url') ? safeUrl(a('privacy-url')) : null,
    privacyBad: !!a('privacy-url') && !safeUrl(a('privacy-url')),
    minSeconds: a('min-seconds') !== null && min >= 0 ? min : 3,
    bad,
  };
  const portal = a('hubspot-portal');
  const form = a('hubspot-form');
  if (portal || form) {
    const base = url('hubspot-url', 'https://api.hsforms.com');
    const map = (a('hubspot-fields') ?? 'email=email name=firstname company=company').split(/\s+/).filter(Boolean).map((p) => p.split('='));
    const subscription = a('hubspot-subscription');
    if (!/^\d+$/.test(portal)) bad.push('lead-hubspot-portal');
    if (!/^[\w-]+$/.test(form)) bad.push('lead-hubspot-form');
    if (map.some((p) => p.length !== 2 || !/^[\w.-]+$/.test(p[0]) || !/^(\d+-\d+\/)?[\w.-]+$/.test(p[1]))) bad.push('lead-hubspot-fields');
    if (subscription && !/^\d+$/.test(subscription)) bad.push('lead-hubspot-subscription');
    cfg.hubspot = { url: `${base}`.replace(/\/+$/, '') + `/submissions/v3/integration/submit/${portal}/${form}`, map, subscription: Number(subscription) || null };
  }
  return cfg;
}

const forms = new WeakMap();

/** The lead form of a calculator, kept across re-renders; null when lead is off (then nothing changes). */
export function leadFor(host) {
  if (!MODES.includes(host.getAttribute('lead'))) {
    host.removeAttribute('data-lead-locked');
    return null;
  }
  let form = forms.get(host);
  if (!form) forms.set(host, (form = new LeadForm(host)));
  return form;
}

class LeadForm {
  constructor(host) {
    this.host = host;
    this.started = Date.now();
    this.values = { email: '', name: '', company: '', hp: '', consent: false };
    this.state = ''; // '' | sending | failed | sent
    this.checked = false; // the visitor has tried to send: keep showing what is missing
    this.opened = false; // the visitor opened the offer: it stays open when the card is redrawn
  }

  get t() {
    return T[languageOf(this.host.locale)];
  }

  locked(cfg) {
    return this.host.getAttribute('lead') === 'gate' && !this.state && !cfg.bad.length && !remembered();
  }

  /** The form's markup, with our own texts only (the owner's are set in bind()). */
  html() {
    const t = this.t;
    const cfg = config(this.host);
    const field = (id, type, auto) => `<div class="field" part="field" data-field="lead-${id}"><label for="lead-${id}">${t[id]}</label>`
      + `<div class="control"><input id="lead-${id}" name="${id}" type="${type}" autocomplete="${auto}" aria-describedby="lead-${id}-error" part="input"${id === 'email' ? ' aria-required="true"' : ''}></div>`
      + `<p class="error" id="lead-${id}-error" aria-live="polite" part="error"></p></div>`;
    const form = `<form id="lead-form" novalidate aria-labelledby="lead-title title"${this.state === 'sent' ? ' hidden' : ''}><div class="fields">`
      + field('email', 'email', 'email')
      + (cfg.fields.includes('name') ? field('name', 'text', 'name') : '')
      + (cfg.fields.includes('company') ? field('company', 'text', 'organization') : '')
      + '</div><div class="hp" aria-hidden="true"><label for="lead-hp">Homepage</label><input id="lead-hp" name="homepage" tabindex="-1" autocomplete="off"></div>'
      + '<div class="consent"><input type="checkbox" id="lead-consent" name="consent" aria-required="true" aria-describedby="lead-consent-error lead-privacy-error">'
      + '<label for="lead-consent" id="lead-consent-text" part="consent"></label> <a id="lead-privacy" target="_blank" rel="noopener noreferrer"></a></div>'
      + '<p class="error" id="lead-consent-error" aria-live="polite" part="error"></p><p class="error" id="lead-privacy-error" part="error"></p>'
      + '<div class="actions"><button type="submit" id="lead-submit" part="lead-submit"></button></div></form>'
      + '<p class="lead-status" id="lead-status" role="status" tabindex="-1" part="lead-status"></p>';
    return this.locked(cfg)
      ? `<div class="lead" part="lead"><p class="lead-title" id="lead-title">${t.gateTitle}</p><p class="lead-intro">${t.gateIntro}</p>${form}</div>`
      : `<details class="lead" part="lead"${this.state || this.opened ? ' open' : ''}><summary id="lead-title">${t.offer}</summary>${form}</details>`;
  }

  /** After the markup is in the shadow root: values, the owner's texts, listeners, the gate. */
  bind() {
    const root = this.host.shadowRoot;
    const $ = (id) => root.getElementById(`lead-${id}`);
    const t = this.t;
    const cfg = (this.cfg = config(this.host));
    const locked = this.locked(cfg);
    this.host.toggleAttribute('data-lead-locked', locked);
    // Over the gated headline: a call to the form (the owner's words, as text).
    // Each lock takes the size of the figure it covers (invisible but in its place).
    this.sizes?.disconnect();
    if (locked && typeof ResizeObserver === 'function') {
      this.sizes = new ResizeObserver((entries) => {
        for (const { target, borderBoxSize: [size] } of entries) {
          const lock = target.parentElement.querySelector('.lock');
          lock.style.width = `${Math.max(size.inlineSize, 48)}px`;
          lock.style.height = `${size.blockSize}px`;
        }
      });
      for (const output of root.querySelectorAll('.gated > output')) this.sizes.observe(output);
    }
    const headline = root.querySelector('.result.headline.gated');
    if (locked && headline) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'unlock';
      button.tabIndex = -1; // the keyboard's next stop is the form itself
      button.setAttribute('part', 'unlock');
      button.textContent = this.host.getAttribute('lead-gate-text')?.trim() || t.unlock;
      button.onclick = () => {
        $('email').focus();
        $('form').scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
      };
      headline.append(button);
    }
    for (const key of ['email', 'name', 'company', 'hp']) {
      const input = $(key);
      if (!input) continue;
      input.value = this.values[key];
      input.oninput = () => {
        this.values[key] = input.value;
        if (this.checked && key === 'email') this.validate(); // after a first try: as they type
      };
    }
    const box = $('consent');
    box.checked = this.values.consent;
    box.onchange = () => {
      this.values.consent = box.checked;
      if (this.checked) this.validate();
    };
    $('consent-text').textContent = cfg.consent || t.consent;
    const link = $('privacy');
    if (cfg.privacy) {
      link.setAttribute('href', cfg.privacy);
      link.textContent = t.privacy;
    } else {
      link.remove();
    }
    $('privacy-error').textContent = cfg.privacyBad ? t.badPrivacy : '';
    const offer = root.querySelector('details.lead');
    if (offer) offer.ontoggle = () => { this.opened = offer.open; };
    $('form').onsubmit = (e) => {
      e.preventDefault();
      this.submit();
    };
    if (this.checked) this.validate();
    this.show();
  }

  /** The button's text and the status line for the current state. */
  show() {
    const root = this.host.shadowRoot;
    const t = this.t;
    const button = root.getElementById('lead-submit');
    if (!button) return;
    button.textContent = this.state === 'failed' ? t.retry : this.host.getAttribute('lead') === 'gate' ? t.gateSubmit : t.offerSubmit;
    button.setAttribute('aria-disabled', String(this.state === 'sending'));
    root.getElementById('lead-form').hidden = this.state === 'sent';
    root.querySelector('.lead-intro')?.toggleAttribute('hidden', !!this.state);
    const bad = this.cfg.bad.length ? t.badConfig(this.cfg.bad.join(', ')) : '';
    root.getElementById('lead-status').textContent = bad || (this.state ? t[this.state] : '');
  }

  /** Shows what is missing next to its field; true when the form may be sent. */
  validate(focus = false) {
    const root = this.host.shadowRoot;
    const t = this.t;
    const email = this.values.email.trim();
    const problems = {
      email: !email ? t.emailMissing : EMAIL.test(email) ? '' : t.emailInvalid,
      consent: this.values.consent ? '' : t.consentMissing,
    };
    for (const [key, text] of Object.entries(problems)) {
      const input = root.getElementById(`lead-${key}`);
      root.getElementById(`lead-${key}-error`).textContent = text;
      root.querySelector(`[data-field="lead-${key}"]`)?.toggleAttribute('data-invalid', !!text);
      if (text) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    const first = Object.keys(problems).find((k) => problems[k]);
    if (first && focus) root.getElementById(`lead-${first}`).focus();
    return !first;
  }

  /** The lead as the webhook receives it (JSON) and kw-lead carries it. */
  record() {
    const host = this.host;
    const lead = { email: this.values.email.trim() };
    for (const f of this.cfg.fields) lead[f] = this.values[f].trim();
    return {
      id: (this.id ??= uuid()),
      calculator: host.localName,
      mode: host.mode || null,
      inputs: host._values || {},
      results: host._result ? host.summary(host._result) : {},
      lead,
      consent: { text: this.cfg.consent || this.t.consent, privacyUrl: this.cfg.privacy, at: new Date().toISOString() },
      page: { url: location.href, title: document.title },
      locale: host.locale,
      currency: currencyOf(host.getAttribute('currency')),
    };
  }

  async submit() {
    if (this.state === 'sending') return;
    this.cfg = config(this.host);
    if (this.cfg.bad.length) return this.show();
    this.checked = true;
    if (!this.validate(true)) return;
    this.host.removeAttribute('data-lead-locked');
    // A bot: it filled the hidden field or was faster than a person can be. It sees a success.
    if (this.values.hp || Date.now() - this.started < this.cfg.minSeconds * 1000) return this.finish(true);
    try {
      localStorage.setItem(UNLOCKED, '1');
    } catch { /* the gate opens for this page only */ }
    const record = this.record();
    if (!this.announced) {
      this.announced = true;
      this.host.dispatchEvent(new CustomEvent('kw-lead', { bubbles: true, composed: true, detail: record }));
      if (this.host.hasAttribute('lead-data-layer')) {
        (window.dataLayer = window.dataLayer || []).push({
          event: this.host.getAttribute('lead-data-layer') || 'kw_lead',
          calculator: record.calculator, mode: record.mode || undefined, leadId: record.id, ...record.results,
        });
      }
    }
    this.state = 'sending';
    this.show();
    this.sends = requestsFor(record, this.cfg);
    this.finish(await deliver(record.id, this.sends).catch(() => false));
  }

  /** After a send: success, or a failure the visitor can retry (and the outbox will). */
  finish(ok) {
    const root = this.host.shadowRoot;
    const hadFocus = root.activeElement;
    this.state = ok ? 'sent' : 'failed';
    this.show();
    if (ok && hadFocus) root.getElementById('lead-status').focus();
    if (!ok && !this.waiting) {
      // Back online on this page: send it then (the outbox also tries on the next visit).
      this.waiting = true;
      addEventListener('online', () => {
        this.waiting = false;
        if (this.state === 'failed') deliver(this.id, this.sends).then((done) => done && this.finish(true), () => {});
      }, { once: true });
    }
    if (ok) this.host.removeAttribute('data-lead-locked');
  }
}

/**
 * The call to action after the result: cta-href (http or https, relative to the page allowed)
 * and cta-text (the owner's words, default "Beratungstermin vereinbaren" / "Book a call").
 * Nothing without a usable cta-href.
 */
export function ctaHtml(host) {
  const href = host.getAttribute('cta-href');
  const url = href ? safeUrl(href) : null;
  if (!url) return '';
  const text = host.getAttribute('cta-text')?.trim() || T[languageOf(host.locale)].cta;
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  return `<p class="cta-row"><a class="cta" id="cta" href="${esc(url)}" part="cta">${esc(text)}</a></p>`;
}
