// Charts for the calculators, drawn from the core's series: an SVG line chart (with axis
// titles, 1-2-5 ticks and a read-out of any point by pointer and keyboard) and a list of bars
// on one baseline. Written here rather than taken from a chart library, which would be
// several times the size of everything else in the embed (see docs/design-notes.md).

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** The smallest 1, 2 or 5 times a power of ten that is at least `v`: steps a reader counts in. */
export function nice(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  return [1, 2, 5, 10].map((m) => m * p).find((x) => x >= v * (1 - 1e-12));
}

/** Ticks at a 1-2-5 step covering [lo, hi] with about `count` intervals. */
function ticks(lo, hi, count) {
  const step = nice((hi - lo) / count || 1);
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const out = [];
  for (let v = first; v <= last + step / 2; v += step) out.push(Math.round(v / step) * step);
  return out.length > 1 ? out : [first, first + step];
}

/** Width of a label in 13 px system type, generously (digits and capitals are wide). */
const textWidth = (s) => String(s).length * 7.4;

/**
 * A line chart of per-period values, as SVG markup.
 * @param {object} o
 * @param {{values: number[], className: string}[]} o.series
 * @param {(v: number) => string} o.y        formats a y value (axis labels)
 * @param {(n: number) => string} o.x        formats a period number (axis labels)
 * @param {string} o.label                    the chart's accessible description
 * @param {{value: number, className: string}} [o.line]     a horizontal line (CAC)
 * @param {{period: number, value: number, label: string}} [o.marker]  a marked point
 * @param {number} [o.width]                 the width it is drawn at, in CSS pixels
 * @param {number} [o.start]                 the value at period 0: the lines start there
 * @param {string} [o.xTitle]                the x axis' title (Months)
 * @param {string} [o.yTitle]                the y axis' title, with its unit (Value (€))
 * @param {object} [o.geometry]              filled in: where each period is drawn
 */
export function lineChart({ series, y, x, label, line, marker, width = 640, start, xTitle, yTitle, geometry }) {
  // Drawn at its real width, so that 13 px labels stay 13 px on a phone.
  const W = Math.round(Math.min(900, Math.max(260, width)));
  const H = Math.round(Math.max(190, Math.min(280, W * 0.42)));
  const hasStart = typeof start === 'number';
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const all = series.flatMap((s) => s.values).filter((v) => v !== null).concat(line ? [line.value] : [], hasStart ? [start] : []);
  const yTicks = ticks(Math.min(0, ...all), Math.max(0, ...all), H < 220 ? 3 : 4);
  const bottom = yTicks[0];
  const top = yTicks[yTicks.length - 1];
  const yLabels = yTicks.map(y);
  const L = Math.round(Math.min(W / 3, Math.max(36, ...yLabels.map(textWidth)) + 10));
  const R = 14;
  const T = yTitle ? 30 : 12;
  const B = xTitle ? 46 : 28;
  const x0 = hasStart ? 0 : 1;
  const sx = (p) => L + ((p - x0) / Math.max(1, n - x0)) * (W - L - R); // period p (1 ... n; 0 with a start)
  const sy = (v) => T + ((top - v) / (top - bottom || 1)) * (H - T - B);
  const path = (values) => (hasStart ? [start, ...values] : values)
    .map((v, i) => `${i ? 'L' : 'M'}${sx(i + x0).toFixed(1)},${sy(v).toFixed(1)}`).join('');

  // Period ticks at a 1-2-5 step, as many as fit, from 0 (with a start) or 1.
  const xStep = Math.max(1, nice(n / Math.max(2, Math.floor((W - L - R) / 56))));
  const xTicks = [];
  for (let p = hasStart ? 0 : xStep; p <= n; p += xStep) xTicks.push(p);

  let svg = `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(label)}" part="chart" class="chart">`;
  svg += `<title>${esc(label)}</title>`;
  if (yTitle) svg += `<text class="axis-title" x="0" y="14" text-anchor="start">${esc(yTitle)}</text>`;
  yTicks.forEach((v, i) => {
    svg += `<line class="grid${v === 0 ? ' zero' : ''}" x1="${L}" x2="${W - R}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}"/>`;
    svg += `<text class="tick" x="${L - 8}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end">${esc(yLabels[i])}</text>`;
  });
  for (const p of xTicks) {
    const px = sx(p);
    const anchor = px + textWidth(x(p)) / 2 > W ? 'end' : 'middle';
    svg += `<text class="tick" x="${px.toFixed(1)}" y="${H - B + 18}" text-anchor="${anchor}">${esc(x(p))}</text>`;
  }
  if (xTitle) svg += `<text class="axis-title" x="${W - R}" y="${H - 6}" text-anchor="end">${esc(xTitle)}</text>`;
  if (line) {
    svg += `<line class="${line.className}" x1="${L}" x2="${W - R}" y1="${sy(line.value).toFixed(1)}" y2="${sy(line.value).toFixed(1)}"/>`;
  }
  for (const s of series) {
    svg += `<path class="${s.className}" d="${path(s.values)}"/>`;
  }
  if (marker && marker.period >= 1 && marker.period <= n) {
    const cx = sx(marker.period);
    const cy = sy(marker.value);
    svg += `<line class="marker-line" x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${T}" y2="${H - B}"/>`;
    svg += `<circle class="marker" cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="5"/>`;
    // The label beside the line, on the side with room; never past the plot's edges.
    const w = textWidth(marker.label);
    let lx = cx + 8;
    let anchor = 'start';
    if (lx + w > W - R) {
      if (cx - 8 - w >= L) {
        lx = cx - 8;
        anchor = 'end';
      } else {
        lx = Math.max(L + 4, W - R - w);
      }
    }
    svg += `<text class="marker-label" x="${lx.toFixed(1)}" y="${T + 14}" text-anchor="${anchor}">${esc(marker.label)}</text>`;
  }
  svg += '<g class="cursor" visibility="hidden"><line class="cursor-line"/><circle class="cursor-dot" r="5"/></g>';
  if (geometry) Object.assign(geometry, { sx, sy, x0, n, top: T, bottom: H - B, width: W });
  return `${svg}</svg>`;
}

/**
 * Draws a line chart into `container` with a read-out of any period: pointer over the chart
 * or, once focused (Tab), the arrow keys, Home and End. The read-out is text above the chart
 * and the value text of the focusable plot (role="slider"), so screen readers hear it too.
 * `text(p)` words period p; `at(p)` is the value the cursor marks; `initial` the period shown.
 * Returns the container; `after` is markup placed after the chart (a legend).
 */
export function drawLineChart(container, options, { text, at, initial, after = '', name }) {
  const g = {};
  const svg = lineChart({ ...options, geometry: g });
  const first = g.x0;
  const last = g.n;
  let p = Math.min(last, Math.max(first, initial ?? last));
  container.innerHTML = `<p class="readout" aria-hidden="true" part="readout"></p>`
    + `<div class="plot" tabindex="0" role="slider" aria-label="${esc(name ?? options.label)}" aria-valuemin="${first}" aria-valuemax="${last}" part="plot">${svg}</div>${after}`;
  const plot = container.querySelector('.plot');
  const readout = container.querySelector('.readout');
  const cursor = container.querySelector('.cursor');
  const show = (q, visible) => {
    p = Math.min(last, Math.max(first, q));
    const words = text(p);
    readout.textContent = words;
    plot.setAttribute('aria-valuenow', String(p));
    plot.setAttribute('aria-valuetext', words);
    const cx = g.sx(p).toFixed(1);
    const line = cursor.querySelector('line');
    line.setAttribute('x1', cx);
    line.setAttribute('x2', cx);
    line.setAttribute('y1', String(g.top));
    line.setAttribute('y2', String(g.bottom));
    const dot = cursor.querySelector('circle');
    dot.setAttribute('cx', cx);
    dot.setAttribute('cy', g.sy(at(p)).toFixed(1));
    cursor.setAttribute('visibility', visible ? 'visible' : 'hidden');
  };
  show(p, false);
  plot.addEventListener('pointermove', (e) => {
    const box = plot.querySelector('svg').getBoundingClientRect();
    const px = ((e.clientX - box.left) / box.width) * g.width;
    let best = first;
    for (let q = first; q <= last; q++) if (Math.abs(g.sx(q) - px) < Math.abs(g.sx(best) - px)) best = q;
    show(best, true);
  });
  plot.addEventListener('pointerleave', () => show(p, plot.matches(':focus-visible')));
  plot.addEventListener('focus', () => show(p, true));
  plot.addEventListener('blur', () => show(p, false));
  plot.addEventListener('keydown', (e) => {
    const big = Math.max(1, Math.round((last - first) / 10));
    const to = { ArrowRight: p + 1, ArrowUp: p + 1, ArrowLeft: p - 1, ArrowDown: p - 1, PageUp: p + big, PageDown: p - big, Home: first, End: last }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    show(to, true);
  });
  return container;
}

/**
 * Draws bars for signed parts (a breakdown) into `container`: positive to the inline end of
 * a zero line, negative to the start, each with its label and formatted value as text. Every
 * row shares one set of columns (a subgrid), so the bars start on one baseline whatever the
 * width of the texts. The widths are set through the CSSOM, not style="" attributes, which a
 * strict Content-Security-Policy blocks.
 * @param {{label: string, value: number, text: string, total?: boolean}[]} items
 */
export function bars(container, items, label) {
  const max = Math.max(1e-9, ...items.map((i) => Math.abs(i.value)));
  const signed = items.some((i) => i.value < 0);
  const rows = items.map((i) => {
    const sign = i.value < 0 ? 'negative' : 'positive';
    return `<li class="${sign}${i.total ? ' total' : ''}"><span class="bar-label">${esc(i.label)}</span>`
      + '<span class="bar-track" aria-hidden="true"><span class="bar"></span></span>'
      + `<span class="bar-value">${esc(i.text)}</span></li>`;
  });
  container.innerHTML = `<ul class="bars${signed ? ' signed' : ''}" part="chart" aria-label="${esc(label)}">${rows.join('')}</ul>`;
  container.querySelectorAll('.bar').forEach((bar, n) => {
    bar.style.width = `${((Math.abs(items[n].value) / max) * (signed ? 50 : 100)).toFixed(2)}%`;
  });
}
