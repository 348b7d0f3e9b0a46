// The calculators' shared styles. Themeable through CSS custom properties on the element
// (documented in docs/elements.md) and ::part(); readable with no theming on light and dark pages
// (the element picks its palette from the page's background, or from theme="light|dark").
export const STYLE = `
:host {
  --kw-font: inherit;
  --kw-radius: 12px;
  --kw-gap: 1rem;
  --kw-fg: #1b1f24;
  --kw-muted: #4a5363;
  --kw-bg: transparent;
  --kw-surface: #ffffff;
  --kw-border: #c9ced6;
  --kw-accent: #1d4ed8;
  --kw-accent-soft: #dbe6ff;
  --kw-tile: #f3f5f8;
  --kw-error: #b3261e;
  --kw-negative: #c2410c;
  --kw-losing-bg: #fde7e9;       --kw-losing-fg: #8c1d18;
  --kw-below-target-bg: #fff1d6; --kw-below-target-fg: #7a4a00;
  --kw-healthy-bg: #dcf5e3;      --kw-healthy-fg: #14532d;
  --kw-under-investing-bg: #dbe6ff; --kw-under-investing-fg: #1e3a8a;
  display: block;
  container-type: inline-size;
  font: var(--kw-font);
  color: var(--kw-fg);
  max-width: 56rem;
  margin-block-end: var(--kw-space-after, 1.5rem);
}
:host([data-scheme="dark"]) {
  --kw-fg: #e8eaed;
  --kw-muted: #b9c0cc;
  --kw-surface: #1f2430;
  --kw-border: #4b5263;
  --kw-accent: #8ab4f8;
  --kw-accent-soft: #263a5e;
  --kw-tile: #272d3a;
  --kw-error: #ffb4ab;
  --kw-negative: #ffb086;
  --kw-losing-bg: #5c1a1a;       --kw-losing-fg: #ffdad6;
  --kw-below-target-bg: #4d3800; --kw-below-target-fg: #ffdea6;
  --kw-healthy-bg: #0f3d22;      --kw-healthy-fg: #b5f1c8;
  --kw-under-investing-bg: #1e2f57; --kw-under-investing-fg: #d6e3ff;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.card {
  background: var(--kw-bg);
  border: 1px solid var(--kw-border);
  border-radius: var(--kw-radius);
  padding: clamp(.75rem, 3cqi, 1.5rem);
}
.title { font-size: 1.25em; font-weight: 700; margin: 0 0 .75rem; line-height: 1.3; }
.modes { border: 0; padding: 0; margin: 0 0 var(--kw-gap); display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.modes legend { float: inline-start; margin-inline-end: .5rem; font-weight: 600; }
.modes label { position: relative; display: inline-flex; align-items: center; padding: .35rem .85rem; border: 1px solid var(--kw-border); border-radius: 999px; cursor: pointer; line-height: 1.3; }
.modes input { position: absolute; inset: 0; width: 100%; height: 100%; margin: 0; opacity: 0; cursor: pointer; }
.modes label:has(input:checked) { background: var(--kw-accent-soft); border-color: var(--kw-accent); font-weight: 600; }
.modes label:has(input:focus-visible) { outline: 2px solid var(--kw-accent); outline-offset: 2px; }
/* Fields: each takes five rows of its column's subgrid (label, control, hint, slider, error), so
   that the inputs of a row line up whatever the length of their labels. */
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 9.5rem), 1fr)); column-gap: .75rem; row-gap: 0; }
@container (min-width: 36rem) { .fields { grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); column-gap: var(--kw-gap); } }
.field { display: grid; grid-row: span 5; grid-template-rows: subgrid; grid-template-columns: minmax(0, 1fr); row-gap: 0; min-width: 0; margin-block-end: .75rem; }
.field > label { margin-block-end: .3rem; }
.field > .hint, .field > .error, .field > input[type="range"] { margin-block-start: .3rem; }
.field label { font-weight: 500; font-size: .9em; line-height: 1.3; align-self: end; hyphens: auto; }
.control { display: flex; align-items: center; border: 1px solid var(--kw-border); border-radius: 8px; background: var(--kw-surface); }
.control:focus-within { outline: 2px solid var(--kw-accent); outline-offset: 1px; }
.control input { flex: 1 1 0; width: 0; min-width: 0; font: inherit; color: var(--kw-fg); background: transparent; border: 0; padding: .5rem .6rem; outline: none; font-variant-numeric: tabular-nums; }
.unit { padding-inline-end: .6rem; color: var(--kw-muted); white-space: nowrap; font-size: .9em; }
.hint { color: var(--kw-muted); font-size: .8em; line-height: 1.35; margin: 0; }
.field[data-invalid] .control { border-color: var(--kw-error); box-shadow: inset 0 0 0 1px var(--kw-error); }
input[type="range"] { width: 100%; accent-color: var(--kw-accent); margin: .1rem 0; }
input[type="range"]:focus-visible, button:focus-visible, .plot:focus-visible, .cta:focus-visible, .more summary:focus-visible { outline: 2px solid var(--kw-accent); outline-offset: 2px; }
.error { color: var(--kw-error); font-size: .85em; margin: 0; line-height: 1.35; }
.error:empty { display: none; }
.more { margin: 0 0 .25rem; }
.more summary { cursor: pointer; font-weight: 600; width: fit-content; margin-block-end: .6rem; color: var(--kw-accent); }
/* Results: one headline figure on its own row, then a row of secondary figures that share the
   width (flex, so a short last row is never left with holes). */
.results { display: flex; flex-wrap: wrap; gap: .75rem; margin: 1rem 0 .75rem; }
.result { position: relative; flex: 1 1 12rem; display: grid; grid-template-areas: "label" "value" "extra"; grid-template-columns: minmax(0, 1fr); align-content: start; gap: .15rem; padding: .6rem .8rem; border-radius: 10px; background: var(--kw-tile); min-width: 0; }
/* The calculators' short figures: two to a row from 320 px. */
.results:has(> .gated) > .result { flex-basis: 7.5rem; }
.results > .result.headline { flex-basis: 100%; background: var(--kw-accent-soft); padding: .9rem 1rem; }
.result .label { color: var(--kw-muted); font-size: .85em; line-height: 1.3; hyphens: auto; overflow-wrap: break-word; }
.result > .label:first-child { grid-area: label; }
.result.headline .label { color: var(--kw-fg); font-weight: 500; font-size: .95em; }
.result output { grid-area: value; justify-self: start; max-width: 100%; font-size: 1.25em; font-weight: 700; font-variant-numeric: tabular-nums; line-height: 1.25; overflow-wrap: break-word; }
.result.headline output { font-size: clamp(1.75em, 7cqi, 2.5em); line-height: 1.1; }
.result .band, .result .change, .result .unlock { grid-area: extra; justify-self: start; }
.result .change { color: var(--kw-muted); font-size: .85em; }
.note { color: var(--kw-below-target-fg); background: var(--kw-below-target-bg); border-radius: 6px; padding: .3rem .6rem; font-size: .9em; margin: 0 0 .75rem; width: fit-content; }
/* While an input is invalid: the last result stays, visibly out of date. */
:host([data-stale]) .result { background: transparent; outline: 2px dashed var(--kw-border); outline-offset: -2px; }
:host([data-stale]) .result output, :host([data-stale]) .result .change { color: var(--kw-muted); }
:host([data-stale]) .band { filter: grayscale(1); }
:host([data-stale]) .chart-area svg, :host([data-stale]) .bar { opacity: .3; filter: grayscale(1); }
:host([data-stale]) .readout { visibility: hidden; }
.note:empty { display: none; }
.general-error { color: var(--kw-error); margin: .5rem 0 0; }
.general-error:empty { display: none; }
.band { display: inline-block; padding: .15rem .6rem; border-radius: 999px; font-weight: 700; font-size: .95em; }
.band[data-band="losing"] { background: var(--kw-losing-bg); color: var(--kw-losing-fg); }
.band[data-band="below-target"] { background: var(--kw-below-target-bg); color: var(--kw-below-target-fg); }
.band[data-band="healthy"] { background: var(--kw-healthy-bg); color: var(--kw-healthy-fg); }
.band[data-band="under-investing"] { background: var(--kw-under-investing-bg); color: var(--kw-under-investing-fg); }
.chart { width: 100%; height: auto; display: block; overflow: visible; direction: ltr; }
.chart .grid { stroke: var(--kw-border); stroke-width: 1; }
.chart .grid.zero { stroke: var(--kw-muted); }
.chart .tick { fill: var(--kw-muted); font-size: 13px; font-variant-numeric: tabular-nums; }
.chart .axis-title { fill: var(--kw-muted); font-size: 12.5px; font-weight: 600; }
.chart .cursor-line { stroke: var(--kw-muted); stroke-width: 1; }
.chart .cursor-dot { fill: var(--kw-accent); stroke: var(--kw-surface); stroke-width: 2; }
.plot { border-radius: 6px; touch-action: pan-y; }
.readout { margin: 0 0 .35rem; font-size: .9em; font-weight: 600; font-variant-numeric: tabular-nums; min-height: 1.4em; }
.chart .value { fill: none; stroke: var(--kw-accent); stroke-width: 3; stroke-linejoin: round; }
.chart .cac { stroke: var(--kw-negative); stroke-width: 2; stroke-dasharray: 6 4; }
.chart .marker { fill: var(--kw-surface); stroke: var(--kw-fg); stroke-width: 2; }
.chart .marker-line { stroke: var(--kw-fg); stroke-width: 1; stroke-dasharray: 2 3; }
.chart .marker-label { fill: var(--kw-fg); font-size: 13px; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; color: var(--kw-muted); font-size: .9em; margin: .25rem 0 0; padding: 0; list-style: none; }
.legend .swatch { display: inline-block; width: 1.25rem; height: 0; border-top: 3px solid var(--kw-accent); vertical-align: middle; margin-inline-end: .35rem; }
.legend .swatch.cac { border-top: 2px dashed var(--kw-negative); }
.bars { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: minmax(6rem, 1.1fr) minmax(5rem, 2fr) max-content; column-gap: .75rem; row-gap: .4rem; }
.bars li { grid-column: 1 / -1; display: grid; grid-template-columns: subgrid; align-items: center; }
.bar-label { min-width: 0; overflow-wrap: break-word; hyphens: auto; line-height: 1.3; }
.bar-track { position: relative; height: .9rem; }
.bars.signed .bar-track { background: linear-gradient(var(--kw-muted), var(--kw-muted)) 50% 0 / 1px 100% no-repeat; }
.bar { position: absolute; top: 0; bottom: 0; border-radius: 3px; }
.positive .bar { inset-inline-start: 0; background: var(--kw-accent); }
.bars.signed .positive .bar { inset-inline-start: 50%; }
.negative .bar { inset-inline-end: 50%; background: var(--kw-negative); }
.bar-value { text-align: end; font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
.bars li.total { border-top: 1px solid var(--kw-border); padding-top: .4rem; font-weight: 700; }
/* <nps-calculator>: the reading under the score, the answers' box, the distribution as one bar. */
.reading { grid-area: extra; margin: .35rem 0 0; line-height: 1.45; max-width: 40rem; }
:host([data-lead-locked]) .gated > .reading { visibility: hidden; }
.fields.wide { grid-template-columns: 1fr; }
.field textarea { font: inherit; color: var(--kw-fg); background: var(--kw-surface); border: 1px solid var(--kw-border); border-radius: 8px; padding: .5rem .6rem; resize: vertical; min-height: 5.5rem; width: 100%; font-variant-numeric: tabular-nums; }
.field textarea:focus-visible { outline: 2px solid var(--kw-accent); outline-offset: 1px; }
.field[data-invalid] textarea { border-color: var(--kw-error); box-shadow: inset 0 0 0 1px var(--kw-error); }
.chart-title { font-weight: 600; margin: 0 0 .4rem; }
.stack { display: flex; height: 1.75rem; border-radius: 6px; overflow: hidden; gap: 2px; background: var(--kw-surface); }
.stack .part { flex: 0 1 0; min-width: 0; }
.detractors { background: var(--kw-negative); }
.passives { background: var(--kw-muted); }
.promoters { background: var(--kw-healthy-fg); }
:host([data-scheme="dark"]) .promoters { background: #6fdc98; }
.stack-legend { gap: .25rem 1rem; }
.stack-legend .swatch { width: .9rem; height: .9rem; border: 0; border-radius: 3px; vertical-align: -2px; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin-top: 1rem; }
button { font: inherit; color: var(--kw-fg); background: var(--kw-surface); border: 1px solid var(--kw-border); border-radius: 8px; padding: .45rem .9rem; cursor: pointer; }
button:hover { border-color: var(--kw-accent); }
.link-fallback { flex: 1 1 16rem; font: inherit; padding: .4rem; }
.status { color: var(--kw-muted); font-size: .9em; }
.cta-row { margin: 1rem 0 0; }
.cta { display: inline-block; background: var(--kw-accent); color: var(--kw-surface); font-weight: 600; text-decoration: none; border-radius: 8px; padding: .6rem 1.1rem; }
.cta:hover { filter: brightness(1.1); }
/* Lead capture (lead.js): the gate covers the gated figures with a lock at their own size (the
   figure keeps its place, invisible) and the chart; the headline gets a button to the form. */
:host([data-lead-locked]) .gated > output, :host([data-lead-locked]) .gated > .band, :host([data-lead-locked]) .gated > .change { visibility: hidden; }
:host([data-lead-locked]) .chart-area, :host([data-lead-locked]) .cta-row { display: none; }
/* An element whose results are not marked .gated (retention-forecast.js): the headline's figures give way to a bar. */
:host([data-lead-locked]) .headline:not(.gated) > :not(:first-child) { display: none; }
:host([data-lead-locked]) .headline:not(.gated)::after { content: ""; display: block; height: 2.2rem; width: min(100%, 12rem); border-radius: 8px; background: var(--kw-tile); }
.lock { display: none; }
:host([data-lead-locked]) .gated > .lock { grid-area: value; justify-self: start; align-self: center; max-width: 100%; display: flex; align-items: center; gap: .5rem; border-radius: 8px; padding-inline: .5rem;
  background: repeating-linear-gradient(135deg, color-mix(in srgb, var(--kw-fg) 9%, transparent) 0 8px, color-mix(in srgb, var(--kw-fg) 4%, transparent) 8px 16px); }
.lock svg { fill: var(--kw-muted); flex: none; }
.unlock { display: none; }
:host([data-lead-locked]) .unlock { display: inline-block; margin-top: .5rem; background: var(--kw-accent); border-color: var(--kw-accent); color: var(--kw-surface); font-weight: 600; }
.lead { margin-top: 1.25rem; padding-top: 1rem; border-top: 1px solid var(--kw-border); }
.lead-title { font-weight: 700; font-size: 1.1em; margin: 0; }
.lead-intro { margin: .25rem 0 var(--kw-gap); color: var(--kw-muted); }
.lead summary { cursor: pointer; font-weight: 600; width: fit-content; }
.lead summary + form { margin-top: var(--kw-gap); }
.consent { display: flex; flex-wrap: wrap; gap: .25rem .6rem; align-items: baseline; margin: var(--kw-gap) 0 .25rem; }
.consent input { flex: none; width: 1.1rem; height: 1.1rem; margin: 0; accent-color: var(--kw-accent); align-self: start; margin-top: .2rem; }
.consent label { flex: 1 1 12rem; font-size: .95em; line-height: 1.45; }
.consent a { color: var(--kw-accent); font-size: .95em; }
.lead .actions { margin-top: .75rem; }
#lead-submit { background: var(--kw-accent); border-color: var(--kw-accent); color: var(--kw-surface); font-weight: 600; }
#lead-submit[aria-disabled="true"] { opacity: .7; cursor: progress; }
.lead-status { margin: .75rem 0 0; }
.lead-status:empty { display: none; }
.lead-status:focus { outline: none; }
.hp { position: absolute; inset-inline-start: -10000px; width: 1px; height: 1px; overflow: hidden; }
.consent input:focus-visible, .lead summary:focus-visible, .consent a:focus-visible { outline: 2px solid var(--kw-accent); outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@container (max-width: 22rem) { .result:not(.headline) { padding: .5rem .6rem; } .result:not(.headline) output { font-size: 1em; } }
@container (max-width: 30rem) {
  .bars { grid-template-columns: minmax(0, 1fr) max-content; }
  .bars .bar-track { grid-column: 1 / -1; grid-row: 2; }
}
/* Print: the card alone on a page (print.js hides the rest), inputs as text, no controls. */
.print-head { display: none; }
:host([data-lead-locked]) .result-actions { display: none; }
@media print {
  :host { max-width: none; margin: 0; color: #000; font-size: 10.5pt; }
  .card { border: 0; padding: 0; }
  .print-head { display: block; margin: 0 0 .5rem; padding-bottom: .4rem; border-bottom: 1px solid #999; font-size: .9em; color: #333; }
  input[type="range"], .actions, .lead, .hint, .readout, .cursor, .unlock, .more summary, .modes label:not(:has(input:checked)) { display: none !important; }
  .modes label { border: 0; padding: 0; background: none; }
  .control { border: 0; background: none; }
  .control input { padding: 0; font-weight: 600; flex: none; width: auto; field-sizing: content; }
  .unit { padding-inline-start: .3em; }
  .fields { grid-template-columns: repeat(3, minmax(0, 1fr)); row-gap: 0; }
  .field { margin-block-end: .3rem; }
  .result, .result.headline { background: none; border: 1px solid #bbb; padding: .4rem .6rem; }
  .result.headline output { font-size: 2em; }
  .cta-row { margin-top: .5rem; }
  .cta { background: none; color: #000; padding: 0; text-decoration: underline; }
  .cta::after { content: " – " attr(href); font-weight: 400; }
  .chart { max-height: 7cm; }
  .chart, .bars, .results { break-inside: avoid; }
}
`;
