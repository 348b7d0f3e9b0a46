// "Print or save as PDF": a one-page summary of one calculator (its inputs, results and chart,
// with the site's name and address), made by the browser's print dialog. While it prints, a
// page-level style takes everything else on the page off the paper; the element's own print styles
// (style.js, @media print) lay the card out for paper.

const PAGE_STYLE = `
@media print {
  html.kw-printing body :not([data-kw-print-path], [data-kw-print], [data-kw-print] *) { display: none !important; }
  html.kw-printing [data-kw-print-path] { margin: 0 !important; padding: 0 !important; border: 0 !important; background: none !important; }
  html.kw-printing [data-kw-print] { margin: 0 !important; max-width: none !important; }
}`;

let installed = false;
/** The page-level style, once, through the CSSOM (a strict Content-Security-Policy allows it). */
function install() {
  if (installed || typeof CSSStyleSheet !== 'function' || !('adoptedStyleSheets' in document)) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(PAGE_STYLE);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  installed = true;
}

/** Prints `host` alone: the header says where it comes from, folded fields open for the paper. */
export function printResult(host, texts) {
  install();
  const root = host.shadowRoot;
  const head = root.getElementById('print-head');
  if (head) {
    const site = document.title || location.hostname;
    head.textContent = '';
    head.append(Object.assign(document.createElement('strong'), { textContent: site }), ` · ${location.href.replace(/[?#].*$/, '')} · ${texts.printed(new Date())}`);
  }
  const folded = [...root.querySelectorAll('details.more:not([open])')];
  for (const d of folded) d.open = true;
  // The element and the elements around it stay; everything else leaves the paper.
  const path = [];
  for (let el = host.parentElement; el && el !== document.body; el = el.parentElement) path.push(el);
  for (const el of path) el.setAttribute('data-kw-print-path', '');
  host.setAttribute('data-kw-print', '');
  document.documentElement.classList.add('kw-printing');
  const done = () => {
    for (const d of folded) d.open = false;
    for (const el of path) el.removeAttribute('data-kw-print-path');
    host.removeAttribute('data-kw-print');
    document.documentElement.classList.remove('kw-printing');
  };
  addEventListener('afterprint', done, { once: true });
  print();
}
