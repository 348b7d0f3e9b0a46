// What the element specs share: plain text from Intl output, watching a page for errors and
// foreign requests, reading an output, typing as a visitor, a large file for the segmenter.
import { expect } from '@playwright/test';

/** Text with the narrow and non-breaking spaces Intl puts in numbers and money made plain. */
export const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ').trim();

/** Collects console errors, page errors and requests that leave localhost. */
export function watch(page) {
  const problems = [];
  const requests = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    requests.push(new URL(r.url()).pathname + new URL(r.url()).search);
    if (!r.url().startsWith('http://localhost:')) problems.push(`request left localhost: ${r.url()}`);
  });
  return { problems, requests };
}

/**
 * Waits until `locator`'s element is upgraded and has its first result. Before the element's
 * module has run, `result` is undefined and there is no shadow root: "not null" alone passes then.
 */
export async function computed(locator) {
  await expect.poll(() => locator.evaluate((e) => e.shadowRoot !== null && e.result != null)).toBe(true);
}

/** An output's text once the element has computed (no longer `…`). */
export async function output(page, element, id) {
  const locator = page.locator(`${element} output#${id}`);
  await expect(locator).not.toHaveText('…');
  return plain(await locator.textContent());
}

/** Replaces a field's text as a visitor would: select all, type. */
export async function type(page, element, field, text) {
  const input = page.locator(`${element} input#${field}`);
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(text);
}

/** In the page: the CDNOW master file 20 times, ids made distinct (470,000 rows): a model fit of seconds. */
export async function largeFile(page) {
  return page.evaluateHandle(async () => {
    const text = await (await fetch('/tests/fixtures/CDNOW_master.txt')).text();
    const lines = text.split('\n');
    const parts = [lines[0], '\n'];
    for (let k = 0; k < 20; k++) parts.push(lines.slice(1).filter(Boolean).map((l) => `${k}${l.trimStart()}`).join('\n'), '\n');
    return new File(parts, 'large.txt', { type: 'text/plain' });
  });
}

/**
 * Drops a file the way a browser does (a drop event with a DataTransfer): onto the segmenter's
 * drop zone, or onto `on` (the element itself while its progress shows). `content` is a text
 * or the file's bytes (a Buffer or Uint8Array: an Excel workbook, a Windows-1252 export).
 */
export async function dropFile(page, name, content, type = 'text/csv', on = page.locator('customer-segmenter #drop')) {
  const bytes = typeof content === 'string' ? null : Array.from(content);
  const transfer = await page.evaluateHandle(({ name, text, bytes, type }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([bytes ? new Uint8Array(bytes) : text], name, { type }));
    return dt;
  }, { name, text: bytes ? null : content, bytes, type });
  await on.dispatchEvent('dragover', { dataTransfer: transfer });
  await on.dispatchEvent('drop', { dataTransfer: transfer });
}
