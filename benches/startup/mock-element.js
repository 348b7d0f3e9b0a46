// The baseline of the start-up bench (benches/page.mjs): a minimal element that is as quick as
// a static one can be. A shadow root, six inputs, an output; its "result" is one product in
// plain JS, shown with toFixed (no Intl, no wasm, no stylesheet). It is loaded exactly as the
// embed snippet loads embed.js (one <script type="module"> in the head) and marks
// 'kw-first-result' when `el.result` is set, as the real elements do.
class MockCalculator extends HTMLElement {
  connectedCallback() {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    const fields = ['arpa', 'gross-margin', 'churn-rate', 'expansion-rate', 'discount-rate', 'horizon'];
    root.innerHTML = fields.map((f) => `<label>${f} <input id="${f}" value="${this.getAttribute(f) ?? ''}"></label>`).join('')
      + '<output id="clv"></output>';
    const n = (f) => Number(root.getElementById(f).value);
    const clv = (n('arpa') * n('gross-margin')) / n('churn-rate');
    root.getElementById('clv').textContent = clv.toFixed(2);
    this.result = { clv };
    performance.mark('kw-first-result');
  }
}
customElements.define('mock-calculator', MockCalculator);
