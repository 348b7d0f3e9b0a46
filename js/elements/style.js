// The calculators' shared styles. Themeable through CSS custom properties on the element
// (documented in the README) and ::part(); readable with no theming on light and dark pages
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
}
:host([data-scheme="dark"]) {
  --kw-fg: #e8eaed;
  --kw-muted: #b9c0cc;
  --kw-surface: #1f2430;
  --kw-border: #4b5263;
  --kw-accent: #8ab4f8;
  --kw-accent-soft: #263a5e;
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
.modes legend { float: left; margin-right: .5rem; font-weight: 600; }
.modes label { display: inline-flex; align-items: center; gap: .35rem; padding: .3rem .7rem; border: 1px solid var(--kw-border); border-radius: 999px; cursor: pointer; }
.modes label:has(input:checked) { background: var(--kw-accent-soft); border-color: var(--kw-accent); }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 15rem), 1fr)); gap: var(--kw-gap); }
.field { display: flex; flex-direction: column; gap: .3rem; min-width: 0; }
.field label { font-weight: 600; font-size: .95em; line-height: 1.3; }
.control { display: flex; align-items: center; border: 1px solid var(--kw-border); border-radius: 8px; background: var(--kw-surface); }
.control:focus-within { outline: 2px solid var(--kw-accent); outline-offset: 1px; }
.control input { flex: 1; min-width: 0; font: inherit; color: var(--kw-fg); background: transparent; border: 0; padding: .5rem .6rem; outline: none; }
.unit { padding: 0 .6rem 0 0; color: var(--kw-muted); white-space: nowrap; }
.field[data-invalid] .control { border-color: var(--kw-error); border-width: 2px; }
input[type="range"] { width: 100%; accent-color: var(--kw-accent); margin: .1rem 0; }
input[type="range"]:focus-visible, button:focus-visible, .modes input:focus-visible { outline: 2px solid var(--kw-accent); outline-offset: 2px; }
.error { color: var(--kw-error); font-size: .9em; margin: 0; min-height: 0; }
.error:empty { display: none; }
.results { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr)); gap: var(--kw-gap); margin: 1.25rem 0 1rem; }
.result { display: flex; flex-direction: column; gap: .15rem; }
.result .label { color: var(--kw-muted); font-size: .9em; }
.result output { font-size: 1.35em; font-weight: 700; font-variant-numeric: tabular-nums; }
.result.headline output { font-size: 2em; line-height: 1.15; }
@container (min-width: 40rem) { .result.headline { grid-column: span 2; } }
.note { color: var(--kw-muted); font-size: .9em; margin: 0 0 .75rem; }
.note:empty { display: none; }
.general-error { color: var(--kw-error); margin: .5rem 0 0; }
.general-error:empty { display: none; }
.band { display: inline-block; padding: .15rem .6rem; border-radius: 999px; font-weight: 700; font-size: .95em; }
.band[data-band="losing"] { background: var(--kw-losing-bg); color: var(--kw-losing-fg); }
.band[data-band="below-target"] { background: var(--kw-below-target-bg); color: var(--kw-below-target-fg); }
.band[data-band="healthy"] { background: var(--kw-healthy-bg); color: var(--kw-healthy-fg); }
.band[data-band="under-investing"] { background: var(--kw-under-investing-bg); color: var(--kw-under-investing-fg); }
.chart { width: 100%; height: auto; display: block; overflow: visible; }
.chart .grid { stroke: var(--kw-border); stroke-width: 1; }
.chart .tick { fill: var(--kw-muted); font-size: 13px; }
.chart .value { fill: none; stroke: var(--kw-accent); stroke-width: 3; stroke-linejoin: round; }
.chart .cac { stroke: var(--kw-negative); stroke-width: 2; stroke-dasharray: 6 4; }
.chart .marker { fill: var(--kw-surface); stroke: var(--kw-fg); stroke-width: 2; }
.chart .marker-line { stroke: var(--kw-fg); stroke-width: 1; stroke-dasharray: 2 3; }
.chart .marker-label { fill: var(--kw-fg); font-size: 13px; font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 1rem; color: var(--kw-muted); font-size: .9em; margin: .25rem 0 0; padding: 0; list-style: none; }
.legend .swatch { display: inline-block; width: 1.25rem; height: 0; border-top: 3px solid var(--kw-accent); vertical-align: middle; margin-right: .35rem; }
.legend .swatch.cac { border-top: 2px dashed var(--kw-negative); }
.bars { list-style: none; margin: 0; padding: 0; display: grid; gap: .4rem; }
.bars li { display: grid; grid-template-columns: minmax(7rem, 1.2fr) 2fr minmax(6rem, auto); gap: .6rem; align-items: center; }
.bar-track { position: relative; height: .9rem; border-left: 0; background: linear-gradient(var(--kw-border), var(--kw-border)) 50% 0 / 1px 100% no-repeat; }
.bar { position: absolute; top: 0; bottom: 0; border-radius: 3px; }
.positive .bar { left: 50%; background: var(--kw-accent); }
.negative .bar { right: 50%; background: var(--kw-negative); }
.bar-value { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.bars li.total { border-top: 1px solid var(--kw-border); padding-top: .4rem; font-weight: 700; }
.actions { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin-top: 1rem; }
button { font: inherit; color: var(--kw-fg); background: var(--kw-surface); border: 1px solid var(--kw-border); border-radius: 8px; padding: .45rem .9rem; cursor: pointer; }
button:hover { border-color: var(--kw-accent); }
.link-fallback { flex: 1 1 16rem; font: inherit; padding: .4rem; }
.status { color: var(--kw-muted); font-size: .9em; }
/* Lead capture (lead.js): the gate hides the headline figures and the chart behind a placeholder. */
:host([data-lead-locked]) .headline > :not(:first-child), :host([data-lead-locked]) .chart-area { display: none; }
:host([data-lead-locked]) .headline::after { content: ""; display: block; height: 2.2rem; width: min(100%, 12rem); border-radius: 8px; background: var(--kw-accent-soft); }
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
.hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.consent input:focus-visible, .lead summary:focus-visible, .consent a:focus-visible { outline: 2px solid var(--kw-accent); outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@container (max-width: 30rem) {
  .bars li { grid-template-columns: 1fr 1fr; }
  .bars .bar-track { grid-column: 1 / -1; grid-row: 2; }
  .result.headline output { font-size: 1.6em; }
}
@media print {
  .card { border-color: #999; }
  input[type="range"], .actions, .lead { display: none; }
  .control { border: 0; }
  .chart, .bars { break-inside: avoid; }
}
`;
