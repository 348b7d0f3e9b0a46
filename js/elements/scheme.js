// The palette an element should use: `theme="light|dark"`, else from the page's background
// behind it (the first ancestor with a background colour).
export function schemeOf(element) {
  const theme = element.getAttribute('theme');
  if (theme === 'light' || theme === 'dark') return theme;
  for (let el = element.parentElement; el; el = el.parentElement) {
    const m = getComputedStyle(el).backgroundColor.match(/[\d.]+/g);
    if (m && (m.length < 4 || Number(m[3]) > 0)) {
      const [r, g, b] = m.map(Number);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128 ? 'dark' : 'light';
    }
  }
  return 'light';
}
