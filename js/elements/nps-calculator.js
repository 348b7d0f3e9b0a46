// <nps-calculator>: the Net Promoter Score from the counts of promoters, passives and
// detractors, or from the answers themselves (0-10, pasted), with the distribution as one bar
// and a plain reading of what the score means. The score is the core's nps() (docs/FORMULAS.md 10).
import { KundenwertError, nps } from '../calculators/index.js';
import { Calculator } from './base.js';
import { resultHtml } from './fields.js';
import { latinDigits } from './format.js';

const MODES = { counts: ['promoters', 'passives', 'detractors'], scores: [] };
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const TEXT = {
  de: {
    title: 'Net Promoter Score (NPS) berechnen',
    modeLegend: 'Ihre Umfrage',
    modes: { counts: 'Anzahl je Gruppe', scores: 'Antworten einfügen' },
    scores: 'Antworten (0 bis 10), durch Leerzeichen, Kommas oder Zeilen getrennt',
    scoresHint: 'Zum Beispiel die Spalte aus Ihrer Umfrage-Auswertung, kopiert und eingefügt',
    nps: 'Net Promoter Score',
    promoters: 'Promotoren',
    passives: 'Passive',
    detractors: 'Kritiker',
    responses: 'Antworten',
    distribution: 'Verteilung der Antworten',
    share: (name, pct, n) => `${name}: ${pct} (${n})`,
    readings: {
      negative: 'Mehr Kritiker als Promotoren: Mehr Kunden raten von Ihnen ab, als Sie weiterempfehlen. Die Gründe der Kritiker zu kennen, bringt hier am meisten.',
      fair: 'Etwas mehr Promotoren als Kritiker – ein solider Anfang, aber viele Kunden sind noch unentschieden.',
      good: 'Gut: Mehr Kunden empfehlen Sie weiter, als von Ihnen abraten.',
      great: 'Sehr gut: Die Promotoren überwiegen deutlich – Ihre Kunden sind Ihre beste Werbung.',
      excellent: 'Herausragend: Fast alle, die antworten, empfehlen Sie weiter.',
    },
    few: (n, one) => `Bei ${n} ${one ? 'Antwort' : 'Antworten'} ist der Wert noch unsicher: Ab etwa 100 Antworten ist er belastbar.`,
    badScore: (token) => `„${token}“ ist keine Antwort von 0 bis 10. Bitte nur ganze Zahlen von 0 bis 10 eingeben.`,
    noScores: 'Bitte mindestens eine Antwort von 0 bis 10 einfügen.',
    range: { empty: 'Bitte mindestens eine Antwort eingeben: Alle drei Gruppen sind 0.' },
  },
  en: {
    title: 'Calculate your Net Promoter Score (NPS)',
    modeLegend: 'Your survey',
    modes: { counts: 'Counts per group', scores: 'Paste the answers' },
    scores: 'Answers (0 to 10), separated by spaces, commas or lines',
    scoresHint: 'For example the column from your survey export, copied and pasted',
    nps: 'Net Promoter Score',
    promoters: 'Promoters',
    passives: 'Passives',
    detractors: 'Detractors',
    responses: 'Responses',
    distribution: 'How the answers are spread',
    share: (name, pct, n) => `${name}: ${pct} (${n})`,
    readings: {
      negative: 'More detractors than promoters: more customers would warn others off than recommend you. Learning why detractors are unhappy pays off most here.',
      fair: 'A few more promoters than detractors – a fair start, but many customers are still on the fence.',
      good: 'Good: more customers recommend you than warn others off.',
      great: 'Very good: promoters clearly outnumber detractors – your customers are your best advertising.',
      excellent: 'Outstanding: nearly everyone who answered would recommend you.',
    },
    few: (n, one) => `With ${n} ${one ? 'response' : 'responses'} the score is still uncertain: from about 100 responses it is reliable.`,
    badScore: (token) => `"${token}" is not an answer from 0 to 10. Please enter whole numbers from 0 to 10 only.`,
    noScores: 'Please paste at least one answer from 0 to 10.',
    range: { empty: 'Please enter at least one response: all three groups are 0.' },
  },
};

/** The reading of a score: < 0, 0-29, 30-49, 50-69, 70 and more. */
const reading = (score) => (score < 0 ? 'negative' : score < 30 ? 'fair' : score < 50 ? 'good' : score < 70 ? 'great' : 'excellent');

export class NpsCalculator extends Calculator {
  static allFields = MODES.counts;
  static defaults = { promoters: 60, passives: 25, detractors: 15 };
  static modes = Object.keys(MODES);

  fields(mode) {
    return MODES[mode];
  }

  texts(lang) {
    return TEXT[lang];
  }

  /** The answers pasted (scores mode), as typed. */
  get scores() {
    return this._scores ?? this.getAttribute('scores') ?? '';
  }

  set scores(text) {
    this._scores = String(text ?? '');
    const box = this.shadowRoot.getElementById('scores');
    if (box) box.value = this._scores;
    this.scheduleUpdate();
  }

  render() {
    super.render();
    if (this.mode !== 'scores') return;
    const t = this.texts(this.lang);
    const fields = this.shadowRoot.querySelector('.fields');
    fields.classList.add('wide');
    fields.innerHTML = '<div class="field wide" part="field" data-field="scores">'
      + `<label for="scores" id="scores-label">${esc(t.scores)}</label>`
      + '<textarea id="scores" name="scores" rows="4" autocomplete="off" spellcheck="false" aria-describedby="scores-hint scores-error" part="input"></textarea>'
      + `<p class="hint" id="scores-hint">${esc(t.scoresHint)}</p>`
      + '<p class="error" id="scores-error" aria-live="polite" part="error"></p></div>';
    const box = this.shadowRoot.getElementById('scores');
    box.value = this.scores;
    box.addEventListener('input', () => {
      this._scores = box.value;
      this.update();
    });
  }

  get lang() {
    return /^de\b/i.test(this.locale) ? 'de' : 'en';
  }

  resultsHtml(t) {
    // The shares give the score away (promoters less detractors): gated with it.
    return resultHtml('nps', t.nps, { headline: true, gated: true, extra: '<p class="reading" id="reading" part="reading"></p>' })
      + resultHtml('promoters-share', t.promoters, { gated: true }) + resultHtml('passives-share', t.passives, { gated: true })
      + resultHtml('detractors-share', t.detractors, { gated: true }) + resultHtml('responses', t.responses);
  }

  compute(values, mode) {
    if (mode !== 'scores') return nps(values);
    const tokens = latinDigits(this.scores).split(/[\s,;]+/).filter(Boolean);
    const t = this.texts(this.lang);
    const bad = tokens.find((s) => !/^(10|\d)$/.test(s));
    if (bad !== undefined) throw new KundenwertError('out_of_range', 'scores', t.badScore(bad.slice(0, 12)));
    if (!tokens.length) throw new KundenwertError('empty', 'scores', t.noScores);
    return nps(tokens.map(Number));
  }

  showErrors(errors, lang) {
    super.showErrors(errors, lang);
    if (this.mode !== 'scores') return;
    const error = errors.find((e) => e.field === 'scores');
    const root = this.shadowRoot;
    root.getElementById('scores-error').textContent = error ? error.message : '';
    root.querySelector('[data-field="scores"]').toggleAttribute('data-invalid', !!error);
    const box = root.getElementById('scores');
    if (error) box.setAttribute('aria-invalid', 'true');
    else box.removeAttribute('aria-invalid');
    if (error) root.getElementById('general-error').textContent = '';
  }

  present(r, f, t) {
    const score = Math.round(r.nps * 10) / 10;
    this.out('nps', `${score > 0 ? '+' : ''}${f.number(score, 1)}`);
    const n = f.number(r.responses, 0);
    this.out('reading', t.readings[reading(r.nps)] + (r.responses < 30 ? ` ${t.few(n, f.plural(r.responses) === 'one')}` : ''));
    this.out('promoters-share', f.percent(r.promoterShare));
    this.out('passives-share', f.percent(r.passiveShare));
    this.out('detractors-share', f.percent(r.detractorShare));
    this.out('responses', n);
    // The distribution: one bar in three parts, detractors to promoters, each labelled.
    const parts = [['detractors', r.detractorShare, r.detractors], ['passives', r.passiveShare, r.passives], ['promoters', r.promoterShare, r.promoters]];
    const chart = this.shadowRoot.getElementById('chart');
    chart.innerHTML = `<p class="chart-title" id="distribution-title">${esc(t.distribution)}</p>`
      + `<div class="stack" role="img" aria-labelledby="distribution-title" aria-describedby="distribution-legend" part="chart">${parts.map(([k]) => `<span class="part ${k}"></span>`).join('')}</div>`
      + `<ul class="legend stack-legend" id="distribution-legend">${parts.map(([k, share, count]) => `<li><span class="swatch ${k}"></span>${esc(t.share(t[k], f.percent(share), f.number(count, 0)))}</li>`).join('')}</ul>`;
    chart.querySelectorAll('.part').forEach((el, i) => {
      el.style.flexGrow = String(parts[i][1]);
    });
  }

  summary(r) {
    return { nps: r.nps, responses: r.responses, promoterShare: r.promoterShare, detractorShare: r.detractorShare };
  }
}

NpsCalculator.define('nps-calculator');
