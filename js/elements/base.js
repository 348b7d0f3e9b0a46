// The base of every calculator element: fields from attributes and properties, parsing what
// the visitor types, errors next to their field, results in <output>s, the kw-change event,
// the optional dataLayer push, URL sync with a copy link, the light/dark palette, and the place
// of the optional lead form (lead.js).
// Subclasses say which fields they have, compute with the core and present the result; no
// formula lives in this file or in any element.
import { init, KundenwertError } from '../calculators/index.js';
import { FIELDS, attributeOf, fieldsHtml, messageFor } from './fields.js';
import { formatters, languageOf, localeOf, parseNumber } from './format.js';
import { LEAD_ATTRIBUTES, ctaHtml, defineLeadProperties, leadFor } from './lead.js';
import { resume } from '../leads/outbox.js';
import { printResult } from './print.js';
import { reflectAttributes, propertyOf, unsettable, upgradeProperties } from './props.js';
import { schemeOf } from './scheme.js';
import { STYLE } from './style.js';

// Importing this module must work without a DOM (server rendering): no HTMLElement there.
const Base = globalThis.HTMLElement ?? class {};

// One parsed stylesheet for every element on the page.
let sheet = null;
function styles() {
  if (!sheet && typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in Document.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  return sheet;
}

const COMMON = ['locale', 'currency', 'mode', 'sync-url', 'data-layer', 'theme', 'heading-level', ...LEAD_ATTRIBUTES];
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
let firstResultMarked = false;
const PROPERTIES = new WeakMap(); // element class -> its properties

/** Texts shared by all calculators. */
const UI = {
  stale: {
    de: 'Das Ergebnis zeigt die letzten gültigen Eingaben.',
    en: 'The result shows the last valid inputs.',
  },
  copyLink: { de: 'Link mit diesen Werten kopieren', en: 'Copy a link with these numbers' },
  copied: { de: 'Link kopiert.', en: 'Link copied.' },
  print: { de: 'Ergebnis drucken oder als PDF sichern', en: 'Print or save as PDF' },
  printed: {
    de: (d) => `Berechnet am ${d.toLocaleDateString('de-DE', { dateStyle: 'long' })}`,
    en: (d) => `Calculated on ${d.toLocaleDateString('en-GB', { dateStyle: 'long' })}`,
  },
  copyFallback: { de: 'Link zum Kopieren', en: 'Link to copy' },
  slider: { de: 'Schieberegler', en: 'slider' },
  loading: { de: 'wird berechnet …', en: 'calculating …' },
  failed: { de: 'Der Rechner konnte nicht geladen werden.', en: 'The calculator could not be loaded.' },
};

export class Calculator extends Base {
  /** All fields any mode of this calculator has (for observedAttributes and properties). */
  static allFields = [];
  /** Default values, in the API's units. */
  static defaults = {};
  /** The modes, first is the default; empty for one. */
  static modes = [];

  static get observedAttributes() {
    return [...COMMON, ...this.allFields.map(attributeOf)];
  }

  /**
   * Loads the wasm the element computes with: the calculators' core (init() is idempotent).
   * An element on another wasm (retention-forecast.js: the analysis wasm) overrides it.
   */
  static ready() {
    return init();
  }

  /**
   * Defines the element once (a page may load the script twice) with a property per field and
   * per attribute. A field's property reads the field's current value (API units, null when
   * empty or unreadable) and sets its attribute (null or undefined removes it: the default
   * again); any attribute still without a settable property gets one that reflects it.
   */
  static define(tag) {
    if (typeof customElements === 'undefined' || customElements.get(tag)) return;
    // Start fetching and compiling the wasm now, as the element's module runs, in parallel
    // with the page and the elements rendering (it is on the way to the first result).
    this.ready().catch(() => {}); // reported by the elements that wait for it
    for (const field of this.allFields) {
      const attr = attributeOf(field);
      Object.defineProperty(this.prototype, field, {
        get() { return this.valueOf(field); },
        set(v) {
          const text = v === null || v === undefined ? null : String(v);
          // The same text again still counts: it replaces what the visitor typed since.
          if (this.getAttribute(attr) === text) this.applyField(field, text);
          else if (text === null) this.removeAttribute(attr);
          else this.setAttribute(attr, text);
        },
        configurable: true,
        enumerable: true,
      });
    }
    reflectAttributes(this.prototype, Object.fromEntries(unsettable(this, this.observedAttributes).map((a) => [a, {}])));
    customElements.define(tag, this);
  }

  /** Every property that mirrors an attribute (for frameworks, tests and the manifest). */
  static get properties() {
    // Made once per class: every element asks for them as it connects.
    let props = PROPERTIES.get(this);
    if (!props) {
      props = Object.freeze(this.observedAttributes.map((a) => this.allFields.find((f) => attributeOf(f) === a) ?? propertyOf(a)));
      PROPERTIES.set(this, props);
    }
    return props;
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this._text = {}; // what the visitor typed, per field
    this._result = null;
    this._rendered = false;
    this._timer = 0;
  }

  // ---- for subclasses ------------------------------------------------------------------
  /** The fields of a mode, in order. */
  fields(/* mode */) { return this.constructor.allFields; }
  /** { title, ...labels } for a language. */
  texts(/* lang */) { return {}; }
  /** HTML of the outputs and chart area. */
  resultsHtml(/* t */) { return ''; }
  /** Computes with the core: values in API units -> the result object. May throw KundenwertError. */
  compute(/* values, mode */) { return null; }
  /** Shows a result (outputs, chart). */
  present(/* result, f, t */) {}
  /** The headline numbers, for analytics (dataLayer). */
  summary(result) { return result; }

  // ---- public --------------------------------------------------------------------------
  /** The latest result object (read-only). */
  get result() {
    return this._result;
  }

  /** A field's current value in API units (a fraction for rates), null when empty or unreadable. */
  valueOf(field) {
    const v = parseNumber(this.textOf(field), this.locale);
    if (v === null || Number.isNaN(v)) return null;
    return FIELDS[field].kind === 'percent' ? v / 100 : v;
  }

  /**
   * Sets a field as if the visitor had typed it: a number in API units, or text as an attribute
   * holds it (`0.05`); text that is no number stays as it is, and the field says so.
   */
  setValue(field, v) {
    const n = typeof v === 'string' ? parseNumber(v, 'en') : v;
    const unreadable = typeof n !== 'number' || !Number.isFinite(n);
    this._text[field] = v === null || v === undefined || v === '' ? '' : unreadable ? String(v) : this.display(field, n);
    const input = this.shadowRoot.getElementById(field);
    if (input) input.value = this._text[field];
    this.scheduleUpdate();
  }

  // ---- lifecycle -----------------------------------------------------------------------
  disconnectedCallback() {
    this._resize?.disconnect();
  }

  /**
   * The width charts are drawn at: the element's, as its ResizeObserver last saw it. Reading
   * it from the layout instead would force a layout of the whole page on the way to the
   * first result; the observer's first callback (after layout, before paint) redraws.
   */
  get chartWidth() {
    return this._width || 640;
  }

  connectedCallback() {
    upgradeProperties(this, this.constructor.properties);
    if (!this._rendered) {
      this.readUrl();
      this.render();
    }
    // The palette: theme="light|dark" now; from the page's background only in the observer's
    // first callback (after the first layout, before the first paint), where reading the
    // ancestors' computed styles costs nothing: read now, it would force a style recalculation
    // of the whole page on the way to the first result.
    this._schemePending = true;
    if (typeof ResizeObserver === 'undefined' || this.theme !== 'auto') this.applyScheme();
    // Charts are drawn at the element's width: redraw when it changes noticeably.
    if (typeof ResizeObserver !== 'undefined' && !this._resize) {
      this._resize = new ResizeObserver(([entry]) => {
        if (this._schemePending) this.applyScheme();
        const w = entry.contentRect.width;
        const drawn = this.chartWidth;
        this._width = w;
        if (Math.abs(w - drawn) > 40 && this._result) this.update();
      });
    }
    this._resize?.observe(this);
    this.constructor.ready().then(() => this.update(), (e) => this.showFailure(e)).finally(() => {
      // Leads an earlier visit could not deliver (nothing when there are none): after the first
      // result, as reading localStorage the first time costs several ms.
      setTimeout(resume);
    });
  }

  attributeChangedCallback(name, old, value) {
    if (old === value) return;
    const field = this.constructor.allFields.find((f) => attributeOf(f) === name);
    if (field) {
      this.applyField(field, value);
    } else if (!this._rendered) {
      // drawn with it when connected
    } else if (name === 'theme') {
      this.applyScheme();
    } else {
      this.render(); // locale, currency, mode, heading level: redraw
      this.update();
    }
  }

  /** A field's attribute (its text, or null when removed) takes effect: the field shows it. */
  applyField(field, text) {
    if (!this._rendered) {
      delete this._text[field]; // textOf reads the attribute when the field is drawn
      return;
    }
    this.setValue(field, text === null ? this.constructor.defaults[field] : text);
  }

  // ---- drawing ---------------------------------------------------------------------------
  /** The text of a field: typed, or from its attribute, or the default. */
  textOf(field) {
    if (!(field in this._text)) {
      const attr = this.getAttribute(attributeOf(field));
      const v = attr !== null ? parseNumber(attr, 'en') : this.constructor.defaults[field];
      this._text[field] = v === null || v === undefined || Number.isNaN(v) ? (attr ?? '') : this.display(field, v);
    }
    return this._text[field];
  }

  /** A value in API units as the field shows it (a rate as percent). */
  display(field, v) {
    const f = formatters(this.locale, 'EUR');
    return f.field(FIELDS[field].kind === 'percent' ? Math.round(v * 1e10) / 1e8 : v);
  }

  render() {
    // What was typed under another locale keeps its value in the new one: as typed where it
    // reads the same (1.000,50), rewritten where it would not (50,000 in English is 50.000).
    const locale = this.locale;
    if (this._textLocale && this._textLocale !== locale) {
      for (const [field, text] of Object.entries(this._text)) {
        const v = parseNumber(text, this._textLocale);
        if (v !== null && !Number.isNaN(v) && parseNumber(text, locale) !== v) this._text[field] = formatters(locale, 'EUR').field(v);
      }
    }
    this._textLocale = locale;
    const lang = languageOf(locale);
    const t = this.texts(lang);
    const currency = this.getAttribute('currency') || 'EUR';
    const f = formatters(locale, currency);
    const level = this.headingLevel;
    const modes = this.constructor.modes;
    const shared = styles();
    if (shared) this.shadowRoot.adoptedStyleSheets = [shared];
    // The texts are German or English: the card says so (for screen readers on a page in
    // another language) and runs left to right, also on a right-to-left page.
    let html = `${shared ? '' : `<style>${STYLE}</style>`}<section class="card" part="card" aria-labelledby="title" lang="${lang}" dir="ltr">`;
    html += '<p class="print-head" id="print-head" aria-hidden="true"></p>';
    html += `<div class="title" id="title" role="heading" aria-level="${level}" part="title">${esc(t.title)}</div>`;
    if (modes.length > 1) {
      html += `<fieldset class="modes" part="modes"><legend>${esc(t.modeLegend)}</legend>`;
      for (const m of modes) {
        html += `<label><input type="radio" name="mode" value="${m}"${m === this.mode ? ' checked' : ''}>${esc(t.modes[m])}</label>`;
      }
      html += '</fieldset>';
    }
    // Folded on a phone (the visitor opens it), open on a wider screen or once opened.
    const open = this._more ?? (typeof matchMedia === 'function' && matchMedia('(min-width: 40em)').matches);
    html += fieldsHtml(this.fields(this.mode), lang, f.symbol, { more: t.more, open });
    html += `<p class="general-error" id="general-error" aria-live="polite" part="error"></p>`;
    html += `<div class="results" part="results">${this.resultsHtml(t)}</div>`;
    html += `<p class="note" id="note" aria-live="polite"></p>`;
    html += `<div class="chart-area" id="chart" part="chart-area"></div>`;
    html += ctaHtml(this); // cta-href and cta-text: a link after the result
    const lead = leadFor(this); // lead capture: null (and no markup) unless lead="gate|offer"
    if (lead) html += lead.html();
    html += `<div class="actions result-actions"><button type="button" id="print" part="print">${esc(UI.print[lang])}</button>`;
    if (this.hasAttribute('sync-url')) {
      html += `<button type="button" id="copy" part="copy-link">${esc(UI.copyLink[lang])}</button>`
        + '<span class="status" id="copy-status" aria-live="polite"></span>';
    }
    html += '</div>';
    html += '</section>';
    this.shadowRoot.innerHTML = html;
    this._rendered = true;
    lead?.bind();

    for (const field of this.fields(this.mode)) {
      const input = this.shadowRoot.getElementById(field);
      input.value = this.textOf(field);
      input.addEventListener('input', () => {
        this._text[field] = input.value;
        this.update();
      });
      // Grouped once the visitor leaves the field (50000 -> 50.000), when it reads as a number.
      const drawnIn = locale;
      input.addEventListener('blur', () => {
        // (not for an input a re-render in another locale is replacing: its text goes over as typed)
        if (!input.isConnected || this.locale !== drawnIn) return;
        const v = parseNumber(input.value, this.locale);
        if (v === null || Number.isNaN(v)) return;
        const shown = formatters(this.locale, 'EUR').field(v);
        if (shown !== input.value && parseNumber(shown, this.locale) === v) input.value = this._text[field] = shown;
      });
      const slider = this.shadowRoot.getElementById(`${field}-slider`);
      if (slider) {
        this.syncSlider(field);
        slider.addEventListener('input', () => {
          this._text[field] = formatters(this.locale, 'EUR').field(Number(slider.value));
          input.value = this._text[field];
          this.update();
        });
      }
    }
    for (const radio of this.shadowRoot.querySelectorAll('input[name="mode"]')) {
      radio.addEventListener('change', () => {
        this.mode = radio.value; // re-renders through attributeChangedCallback
        this.shadowRoot.querySelector(`input[name="mode"][value="${radio.value}"]`)?.focus();
      });
    }
    this.shadowRoot.getElementById('copy')?.addEventListener('click', () => this.copyLink());
    this.shadowRoot.getElementById('print').addEventListener('click', () => printResult(this, { printed: UI.printed[lang] }));
    const more = this.shadowRoot.getElementById('more');
    more?.addEventListener('toggle', () => { this._more = more.open; });
  }

  /** Puts a field's slider at the value the result uses (API units), or what the field reads. */
  syncSlider(field, value) {
    const slider = this.shadowRoot.getElementById(`${field}-slider`);
    if (!slider) return;
    if (value === undefined) {
      const v = parseNumber(this.textOf(field), this.locale);
      if (v !== null && !Number.isNaN(v)) slider.value = String(v);
    } else if (value !== null) {
      slider.value = String(FIELDS[field].kind === 'percent' ? Math.round(value * 1e10) / 1e8 : value);
    }
  }

  /** Picks the palette: theme="light|dark", else from the page's background behind the element. */
  applyScheme() {
    this._schemePending = false;
    const scheme = schemeOf(this);
    if (this.dataset.scheme !== scheme) this.dataset.scheme = scheme;
  }

  // ---- computing -------------------------------------------------------------------------
  scheduleUpdate() {
    if (this._rendered) queueMicrotask(() => this.update());
  }

  /** Reads the fields, computes with the core, shows the result or the errors. */
  update() {
    if (!this._rendered) return;
    // The page's lang changed since the fields were drawn: draw them again, in its language,
    // with what was typed kept at its value (render converts it).
    // (the locale is read once: it looks for the nearest lang up the page)
    const locale = this.locale;
    if (locale !== this._textLocale) this.render();
    const lang = languageOf(locale);
    const values = {};
    const errors = [];
    for (const field of this.fields(this.mode)) {
      const v = parseNumber(this.textOf(field), locale);
      if (v === null) continue; // absent: the core says whether it is required
      if (Number.isNaN(v)) errors.push(new KundenwertError('not_a_number', field, `${field} must be a number`));
      else values[field] = FIELDS[field].kind === 'percent' ? v / 100 : v;
    }
    let result = null;
    if (!errors.length) {
      try {
        result = this.compute(values, this.mode);
      } catch (e) {
        if (!(e instanceof KundenwertError)) throw e;
        errors.push(e);
      }
    }
    this.showErrors(errors, lang);
    if (!result) return;
    this._result = result;
    const t = this.texts(lang);
    this.present(result, formatters(locale, this.getAttribute('currency') || 'EUR'), t);
    if (!firstResultMarked && typeof performance !== 'undefined') {
      firstResultMarked = true;
      performance.mark('kw-first-result');
    }
    this.writeUrl(values);
    for (const field of this.fields(this.mode)) this.syncSlider(field, values[field] ?? null);
    const detail = { calculator: this.localName, mode: this.mode || null, inputs: values, result };
    this.dispatchEvent(new CustomEvent('kw-change', { bubbles: true, composed: true, detail }));
    if (this.hasAttribute('data-layer')) this.pushDataLayer(values, result);
  }

  showErrors(errors, lang) {
    const root = this.shadowRoot;
    const ranges = this.texts(lang).range;
    const fields = this.fields(this.mode);
    for (const field of fields) {
      const error = errors.find((e) => e.field === field);
      const box = root.querySelector(`.field[data-field="${field}"]`);
      const input = root.getElementById(field);
      const text = error ? messageFor(error, lang, ranges) : '';
      const p = root.getElementById(`${field}-error`);
      if (p.textContent !== text) p.textContent = text;
      box.toggleAttribute('data-invalid', !!error);
      if (error) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
      if (error) box.closest('details')?.setAttribute('open', ''); // a folded field with an error shows
    }
    const general = errors.find((e) => !fields.includes(e.field));
    root.getElementById('general-error').textContent = general ? messageFor(general, lang, ranges) : '';
    // While an input is invalid, the last result stays, dimmed and described as out of date.
    const stale = !!(errors.length && this._result);
    root.getElementById('note').textContent = stale ? UI.stale[lang] : '';
    this.toggleAttribute('data-stale', stale);
    for (const el of root.querySelectorAll('.results output, .chart-area .chart')) {
      if (stale) el.setAttribute('aria-describedby', 'note');
      else el.removeAttribute('aria-describedby');
    }
  }

  showFailure(e) {
    const lang = languageOf(this.locale);
    const box = this.shadowRoot.getElementById('general-error');
    if (box) box.textContent = UI.failed[lang];
    console.error('kundenwert:', e);
  }

  /** Sets an <output>'s text, only when it changes (no needless announcements). */
  out(id, text) {
    const el = this.shadowRoot.getElementById(id);
    if (el && el.textContent !== text) el.textContent = text;
    return el;
  }

  pushDataLayer(values, result) {
    clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      window.dataLayer = window.dataLayer || [];
      window.dataLayer.push({
        event: this.getAttribute('data-layer') || 'kundenwert',
        calculator: this.localName,
        mode: this.mode || undefined,
        ...values,
        ...this.summary(result),
      });
    }, 1000);
  }

  // ---- URL ---------------------------------------------------------------------------------
  /** The prefix of this element's URL parameters: its id, else its name without "-calculator". */
  get urlPrefix() {
    return this.id || this.localName.replace(/-calculator$/, '');
  }

  readUrl() {
    if (!this.hasAttribute('sync-url') || typeof location === 'undefined') return;
    const params = new URLSearchParams(location.search);
    const mode = params.get(`${this.urlPrefix}.mode`);
    if (mode && this.constructor.modes.includes(mode)) this.setAttribute('mode', mode);
    for (const field of this.constructor.allFields) {
      const v = params.get(`${this.urlPrefix}.${attributeOf(field)}`);
      if (v !== null && !Number.isNaN(parseNumber(v, 'en'))) this._text[field] = this.display(field, parseNumber(v, 'en'));
    }
  }

  linkFor(values) {
    const url = new URL(location.href);
    for (const key of [...url.searchParams.keys()]) {
      if (key.startsWith(`${this.urlPrefix}.`)) url.searchParams.delete(key);
    }
    if (this.constructor.modes.length > 1) url.searchParams.set(`${this.urlPrefix}.mode`, this.mode);
    for (const [field, v] of Object.entries(values)) url.searchParams.set(`${this.urlPrefix}.${attributeOf(field)}`, String(v));
    return url.href;
  }

  writeUrl(values) {
    this._values = values;
    if (this.hasAttribute('sync-url')) history.replaceState(history.state, '', this.linkFor(values));
  }

  async copyLink() {
    const lang = languageOf(this.locale);
    const link = this.linkFor(this._values || {});
    const status = this.shadowRoot.getElementById('copy-status');
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = UI.copied[lang];
    } catch {
      // No clipboard (an insecure page, a denied permission): show the link to copy by hand.
      let box = this.shadowRoot.getElementById('link');
      if (!box) {
        box = document.createElement('input');
        box.id = 'link';
        box.className = 'link-fallback';
        box.readOnly = true;
        box.setAttribute('aria-label', UI.copyFallback[lang]);
        status.before(box);
      }
      box.value = link;
      box.focus();
      box.select();
    }
  }
}

// Every attribute every calculator has, as a property (setting it sets the attribute).
reflectAttributes(Calculator.prototype, {
  /** The `locale` attribute, else the nearest `lang`, the page's, the browser's. */
  locale: { get: (el) => localeOf(el) },
  currency: { get: (el) => el.getAttribute('currency') || 'EUR' },
  /** The mode the element shows: the attribute's when it names one, else the first. */
  mode: { get: (el) => (el.constructor.modes.includes(el.getAttribute('mode')) ? el.getAttribute('mode') : el.constructor.modes[0]) },
  'sync-url': { type: 'boolean' },
  'data-layer': { type: 'flag' },
  theme: { get: (el) => (['light', 'dark'].includes(el.getAttribute('theme')) ? el.getAttribute('theme') : 'auto') },
  'heading-level': { get: (el) => Math.min(6, Math.max(2, Math.round(Number(el.getAttribute('heading-level'))) || 3)) },
});
// lead, leadWebhook, leadConsent ... as properties reflecting the lead-* attributes.
defineLeadProperties(Calculator.prototype);
