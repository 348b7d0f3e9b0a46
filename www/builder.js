// The snippet builder (builder.html): a calculator configured in a form, shown live, written
// out as the snippet to paste, and the files to upload packed into a ZIP made here in the
// browser. Nothing leaves the browser: the only requests are for this site's own embed.js and
// wasm, to put them into the ZIP.
import { FIELDS } from '/dist/elements/fields.js';

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const attributeOf = (field) => field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const DEFAULT_ACCENT = '#1d4ed8';
const DEFAULT_RADIUS = '12';

/** The class, modes, fields and texts of a calculator element. */
async function describe(tag) {
  const cls = await customElements.whenDefined(tag);
  const probe = document.createElement(tag);
  const modes = cls.modes;
  return {
    cls,
    modes,
    fields: (mode) => probe.fields(mode),
    modeName: (mode, lang) => probe.texts(lang).modes?.[mode] ?? mode,
  };
}

let info = null;

/** Rebuilds the mode list and the default fields for the chosen calculator. */
async function chooseCalculator() {
  info = await describe($('calculator').value);
  const select = $('mode');
  select.innerHTML = info.modes.map((m) => `<option value="${m}">${esc(info.modeName(m, 'de'))}</option>`).join('');
  $('mode-row').hidden = info.modes.length < 2;
  drawDefaults();
}

/** One input per field of the mode, showing the element's default (percent fields in percent). */
function drawDefaults() {
  const mode = info.modes.length ? $('mode').value : undefined;
  $('defaults').innerHTML = info.fields(mode).map((field) => {
    const def = FIELDS[field];
    const v = info.cls.defaults[field];
    const shown = v === null || v === undefined ? '' : def.kind === 'percent' ? Math.round(v * 1e8) / 1e6 : v;
    const unit = def.kind === 'percent' ? ' (%)' : '';
    return `<p><label for="d-${field}">${esc(def.label.de)}${unit}</label> <input id="d-${field}" data-field="${field}" inputmode="decimal" value="${shown}"></p>`;
  }).join('');
  update();
}

/** A number typed in the builder (German or English decimals). */
const number = (text) => {
  const s = String(text).trim().replace(/\s/g, '');
  if (!s) return null;
  const n = Number(/,\d{1,2}$|,\d+$/.test(s) && !s.includes('.') ? s.replace(',', '.') : s.replace(/,/g, ''));
  return Number.isFinite(n) ? n : NaN;
};

/** The element's attributes, in order, as the form sets them. */
function attributes() {
  const form = $('config');
  const value = (name) => form.elements[name].value.trim();
  const attrs = [['locale', value('locale')]];
  if (value('currency') !== 'EUR') attrs.push(['currency', value('currency')]);
  if (info.modes.length > 1 && value('mode') !== info.modes[0]) attrs.push(['mode', value('mode')]);
  for (const input of $('defaults').querySelectorAll('input')) {
    const field = input.dataset.field;
    const n = number(input.value);
    if (n === null || Number.isNaN(n)) continue;
    const v = FIELDS[field].kind === 'percent' ? Math.round(n * 1e6) / 1e8 : n;
    if (v !== info.cls.defaults[field]) attrs.push([attributeOf(field), String(v)]);
  }
  if (value('heading') !== '3') attrs.push(['heading-level', value('heading')]);
  const lead = value('lead');
  if (lead !== 'off') {
    attrs.push(['lead', lead]);
    if (value('destination') === 'webhook') {
      if (value('webhook')) attrs.push(['lead-webhook', value('webhook')]);
    } else {
      if (value('portal')) attrs.push(['lead-hubspot-portal', value('portal')]);
      if (value('form')) attrs.push(['lead-hubspot-form', value('form')]);
    }
    if (value('consent')) attrs.push(['lead-consent', value('consent')]);
    if (value('privacy')) attrs.push(['lead-privacy-url', value('privacy')]);
    if (value('gate-text') && lead === 'gate') attrs.push(['lead-gate-text', value('gate-text')]);
  }
  if (value('cta-href')) {
    attrs.push(['cta-href', value('cta-href')]);
    if (value('cta-text')) attrs.push(['cta-text', value('cta-text')]);
  }
  return attrs;
}

/** The styles the colour and radius need, or ''. */
function styleFor(tag) {
  const accent = $('accent').value;
  const radius = $('radius').value || DEFAULT_RADIUS;
  const props = [];
  if (accent.toLowerCase() !== DEFAULT_ACCENT) props.push(`--kw-accent: ${accent};`);
  if (radius !== DEFAULT_RADIUS) props.push(`--kw-radius: ${Number(radius)}px;`);
  return props.length ? `${tag} { ${props.join(' ')} }` : '';
}

/** The snippet for a script at `src`. */
function snippet(src) {
  const tag = $('calculator').value;
  const attrs = attributes().map(([k, v]) => ` ${k}="${esc(v)}"`).join('');
  const style = styleFor(tag);
  return `<script type="module" src="${esc(src)}"></script>\n`
    + (style ? `<style>${style}</style>\n` : '')
    + `<${tag}${attrs}></${tag}>`;
}

const base = () => {
  const b = $('base').value.trim() || '/';
  return b.endsWith('/') ? b : `${b}/`;
};

function update() {
  if (!info) return;
  const tag = $('calculator').value;
  const lead = $('lead').value;
  $('lead-settings').hidden = lead === 'off';
  for (const p of document.querySelectorAll('[data-for]')) p.hidden = p.dataset.for !== $('destination').value;
  $('snippet').textContent = snippet(`${base()}embed.js`);
  // The preview: a fresh element with the same attributes (the gate stays shut here: no webhook is called).
  const el = document.createElement(tag);
  for (const [k, v] of attributes()) el.setAttribute(k, v);
  const style = styleFor(tag);
  if (style) {
    el.style.setProperty('--kw-accent', $('accent').value);
    el.style.setProperty('--kw-radius', `${Number($('radius').value || DEFAULT_RADIUS)}px`);
  }
  $('preview').replaceChildren(el);
}

// ---- ZIP (stored, no compression: the wasm and the minified script gain little) ---------
const CRC = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A ZIP archive of `files` ([name, Uint8Array]) as a Blob. */
export function zip(files) {
  const enc = new TextEncoder();
  const chunks = [];
  const central = [];
  let offset = 0;
  const now = new Date();
  const time = (now.getHours() << 11) | (now.getMinutes() << 5) | (now.getSeconds() >> 1);
  const date = ((now.getFullYear() - 1980) << 9) | ((now.getMonth() + 1) << 5) | now.getDate();
  for (const [name, data] of files) {
    const nameBytes = enc.encode(name);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    [[0, 0x04034b50, 4], [4, 20, 2], [6, 0x0800, 2], [8, 0, 2], [10, time, 2], [12, date, 2], [14, crc, 4],
      [18, data.length, 4], [22, data.length, 4], [26, nameBytes.length, 2], [28, 0, 2]]
      .forEach(([at, v, size]) => (size === 4 ? local.setUint32(at, v, true) : local.setUint16(at, v, true)));
    const entry = new DataView(new ArrayBuffer(46));
    [[0, 0x02014b50, 4], [4, 20, 2], [6, 20, 2], [8, 0x0800, 2], [10, 0, 2], [12, time, 2], [14, date, 2], [16, crc, 4],
      [20, data.length, 4], [24, data.length, 4], [28, nameBytes.length, 2], [30, 0, 2], [32, 0, 2], [34, 0, 2], [36, 0, 2],
      [38, 0, 4], [42, offset, 4]]
      .forEach(([at, v, size]) => (size === 4 ? entry.setUint32(at, v, true) : entry.setUint16(at, v, true)));
    chunks.push(local, nameBytes, data);
    central.push(entry, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const size = central.reduce((s, c) => s + c.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  [[0, 0x06054b50, 4], [8, files.length, 2], [10, files.length, 2], [12, size, 4], [16, offset, 4]]
    .forEach(([at, v, s]) => (s === 4 ? end.setUint32(at, v, true) : end.setUint16(at, v, true)));
  return new Blob([...chunks, ...central, end], { type: 'application/zip' });
}

function readme() {
  const folder = base();
  return `kundenwert – Ihr Rechner zum Einbauen
=====================================

Inhalt
- embed.js, die beiden kw-….js und kundenwert_bg.wasm: der Rechner. Alle vier Dateien gehören in
  denselben Ordner.
- beispiel.html: eine Seite mit Ihrem Rechner, zum Ausprobieren.

Statische Website (oder jeder Webserver)
1. Laden Sie embed.js, die beiden kw-….js und kundenwert_bg.wasm in den Ordner ${folder} Ihrer Website.
2. Fügen Sie diesen Code in Ihre Seite ein, wo der Rechner erscheinen soll:

${snippet(`${folder}embed.js`)}

Der Server sollte .wasm-Dateien als application/wasm ausliefern (die meisten tun das).

WordPress
1. Medien > Datei hinzufügen lädt .js und .wasm oft nicht hoch: Laden Sie die vier Dateien
   per FTP oder mit dem Dateimanager Ihres Hosters nach wp-content/uploads/kundenwert/.
   Dann ist der Ordner /wp-content/uploads/kundenwert/ (tragen Sie ihn im Baukasten ein).
2. Fügen Sie auf Ihrer Seite einen Block „Individuelles HTML“ ein und den Code von oben hinein.

Content-Security-Policy: Der Rechner braucht script-src 'self' 'wasm-unsafe-eval'.
Datenschutz: Der Rechner rechnet im Browser Ihrer Besucher. Mit Lead-Erfassung wird erst nach
der Einwilligung gesendet, und zwar nur an das Ziel, das Sie eingestellt haben.

In English: upload embed.js, both kw-….js and kundenwert_bg.wasm into one folder (${folder}) and paste the
code above where the calculator should appear; in WordPress use a "Custom HTML" block.
`;
}

async function download() {
  const status = $('status');
  status.textContent = 'ZIP wird erstellt …';
  const files = [];
  // embed.js, the chunks it imports (./kw-….js: the calculators and the code they share with the
  // other element scripts) and the wasm.
  const queue = ['embed.js', 'kundenwert_bg.wasm'];
  while (queue.length) {
    const name = queue.shift();
    if (files.some(([n]) => n === name)) continue;
    const res = await fetch(`/dist/${name}`);
    if (!res.ok) {
      status.textContent = `${name} konnte nicht geladen werden.`;
      return;
    }
    const bytes = new Uint8Array(await res.arrayBuffer());
    files.push([name, bytes]);
    if (name.endsWith('.js')) {
      for (const m of new TextDecoder().decode(bytes).matchAll(/(?:from|import\()\s*"\.\/([\w.-]+\.js)"/g)) queue.push(m[1]);
    }
  }
  const enc = new TextEncoder();
  const lang = $('locale').value;
  const page = `<!doctype html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<link rel="icon" href="data:,">\n`
    + `<title>kundenwert</title>\n</head>\n<body>\n${snippet('embed.js')}\n</body>\n</html>\n`;
  files.push(['beispiel.html', enc.encode(page)], ['LIESMICH.txt', enc.encode(readme())]);
  const url = URL.createObjectURL(zip(files));
  const a = Object.assign(document.createElement('a'), { href: url, download: 'kundenwert-rechner.zip' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  status.textContent = 'ZIP heruntergeladen.';
}

async function copy() {
  const status = $('status');
  try {
    await navigator.clipboard.writeText($('snippet').textContent);
    status.textContent = 'Code kopiert.';
  } catch {
    const range = document.createRange();
    range.selectNodeContents($('snippet'));
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    status.textContent = 'Code markiert: Mit Strg+C (⌘+C) kopieren.';
  }
}

$('calculator').addEventListener('change', chooseCalculator);
$('mode').addEventListener('change', drawDefaults);
$('config').addEventListener('input', (e) => {
  if (e.target.id !== 'calculator' && e.target.id !== 'mode') update();
});
$('config').addEventListener('submit', (e) => e.preventDefault());
$('copy').addEventListener('click', copy);
$('download').addEventListener('click', download);
await chooseCalculator();
