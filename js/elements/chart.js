// Charts for the calculators, drawn from the core's series: an SVG line chart and a list of
// bars. Written here rather than taken from a chart library, which would be several times
// the size of everything else in the embed (see README, design notes).

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** 1, 2, 2.5 or 5 times a power of ten, at least `v`. */
function nice(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 2.5, 5, 10].map((m) => m * p).find((x) => x >= v);
}

/**
 * A line chart of per-period values.
 * @param {object} o
 * @param {{values: number[], className: string}[]} o.series
 * @param {(v: number) => string} o.y        formats a y value (axis labels)
 * @param {(n: number) => string} o.x        formats a period number (axis labels)
 * @param {string} o.label                    the chart's accessible description
 * @param {{value: number, className: string}} [o.line]     a horizontal line (CAC)
 * @param {{period: number, value: number, label: string}} [o.marker]  a marked point
 * @param {number} [o.width]                 the width it is drawn at, in CSS pixels
 */
export function lineChart({ series, y, x, label, line, marker, width = 640 }) {
  // Drawn at its real width, so that 13 px labels stay 13 px on a phone.
  const W = Math.round(Math.min(900, Math.max(280, width)));
  const H = Math.round(Math.max(180, Math.min(260, W * 0.4)));
  const L = 72;
  const R = 12;
  const T = 12;
  const B = 28;
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values).concat(line ? [line.value] : []);
  const top = nice(Math.max(0, ...all) * 1.05);
  const bottom = Math.min(0, ...all) < 0 ? -nice(-Math.min(...all) * 1.05) : 0;
  const sx = (i) => L + ((i + 1) / n) * (W - L - R); // period i + 1 at its end
  const sy = (v) => T + ((top - v) / (top - bottom)) * (H - T - B);
  const path = (values) => values.map((v, i) => `${i ? 'L' : 'M'}${sx(i).toFixed(1)},${sy(v).toFixed(1)}`).join('');

  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => bottom + f * (top - bottom));
  const step = nice(n / Math.max(2, Math.floor(W / 110)));
  const xTicks = [];
  for (let p = step; p <= n; p += step) xTicks.push(p);

  let svg = `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}" part="chart" class="chart">`;
  svg += `<title>${esc(label)}</title>`;
  for (const v of yTicks) {
    svg += `<line class="grid" x1="${L}" x2="${W - R}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}"/>`;
    svg += `<text class="tick" x="${L - 6}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end">${esc(y(v))}</text>`;
  }
  for (const p of xTicks) {
    svg += `<text class="tick" x="${sx(p - 1).toFixed(1)}" y="${H - 8}" text-anchor="middle">${esc(x(p))}</text>`;
  }
  if (line) {
    svg += `<line class="${line.className}" x1="${L}" x2="${W - R}" y1="${sy(line.value).toFixed(1)}" y2="${sy(line.value).toFixed(1)}"/>`;
  }
  for (const s of series) {
    svg += `<path class="${s.className}" d="${path(s.values)}"/>`;
  }
  if (marker && marker.period >= 1 && marker.period <= n) {
    const cx = sx(marker.period - 1).toFixed(1);
    const cy = sy(marker.value).toFixed(1);
    svg += `<line class="marker-line" x1="${cx}" x2="${cx}" y1="${T}" y2="${H - B}"/>`;
    svg += `<circle class="marker" cx="${cx}" cy="${cy}" r="5"/>`;
    const anchor = marker.period > n * 0.7 ? 'end' : 'start';
    const dx = anchor === 'end' ? -8 : 8;
    svg += `<text class="marker-label" x="${(Number(cx) + dx).toFixed(1)}" y="${T + 14}" text-anchor="${anchor}">${esc(marker.label)}</text>`;
  }
  return `${svg}</svg>`;
}

/**
 * Draws bars for signed parts (a breakdown) into `container`: positive to the right of a zero
 * line, negative to the left, each with its label and formatted value as text. The widths are
 * set through the CSSOM, not style="" attributes, which a strict Content-Security-Policy blocks.
 * @param {{label: string, value: number, text: string, total?: boolean}[]} items
 */
export function bars(container, items, label) {
  const max = Math.max(1e-9, ...items.map((i) => Math.abs(i.value)));
  const rows = items.map((i) => {
    const sign = i.value < 0 ? 'negative' : 'positive';
    return `<li class="${sign}${i.total ? ' total' : ''}"><span class="bar-label">${esc(i.label)}</span>`
      + '<span class="bar-track" aria-hidden="true"><span class="bar"></span></span>'
      + `<span class="bar-value">${esc(i.text)}</span></li>`;
  });
  container.innerHTML = `<ul class="bars" part="chart" aria-label="${esc(label)}">${rows.join('')}</ul>`;
  container.querySelectorAll('.bar').forEach((bar, n) => {
    bar.style.width = `${((Math.abs(items[n].value) / max) * 50).toFixed(2)}%`;
  });
}
