// A large file read by two workers (each half, the halves merged) gives exactly what one worker
// gives: in Chromium, through the package's analysis entry, a File of more than 8 MB with
// quoted fields over several lines, CRLF and bad rows; a cut that falls inside a quoted field
// (the first worker reads on); progress that only goes forward, the halves joined in steps;
// an abort that ends both.
// The page says it has 4 cores (two workers are used from 2 on).
import { expect, test } from '@playwright/test';

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 });
    const Base = window.Worker;
    window.kwWorkers = 0;
    window.Worker = class extends Base {
      constructor(...args) {
        super(...args);
        window.kwWorkers++;
      }
    };
  });
  await page.goto('/www/segmenter.html');
  // The segmenter's own engine gets ready (prepareAnalysis) once the page is idle: its worker
  // is not one of those counted below.
  await page.waitForFunction(() => window.kwWorkers === 1);
});

/** Runs in the page: a CSV of `rows` rows, with a quoted field over `quotedLines` lines in the middle. */
const run = async (page, { quotedLines, abort = false }) => page.evaluate(async ({ quotedLines, abort }) => {
  const { analyzeTransactions } = await import('/dist/analysis.js');
  const lines = ['Kunde;Datum;Betrag;Kanal'];
  for (let i = 0; i < 330_000; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + Math.floor(i / 30_000)).padStart(2, '0');
    const amount = `${i % 13 === 0 ? '-' : ''}${(i * 7) % 300},${String(i % 100).padStart(2, '0')}`;
    if (i % 5000 === 17) lines.push(`K${i % 40_000};${day}.${month}.2024;zwölf;Web`);
    else if (i % 997 === 3) lines.push(`"K${i % 40_000}\r\nzweite Zeile";${day}.${month}.2024;${amount};Messe`);
    else lines.push(`K${(i * 7919) % 40_000};${day}.${month}.2024;${amount};${['SEO', 'Web', ''][i % 3]}`);
    if (quotedLines && i === 165_000) lines.push(`K1;01.06.2024;5,00;"${Array.from({ length: quotedLines }, (_, k) => `Notiz ${k}`).join('\r\n')}"`);
  }
  const text = lines.join('\r\n') + '\r\n';
  const view = (r) => JSON.stringify({
    rows: r.rows, rejected: r.rejected, revenue: r.revenue, ids: r.customers.id,
    columns: ['frequency', 'recency', 'T', 'monetary', 'total', 'purchases', 'segment', 'tier', 'channel'].map((k) => Array.from(r.customers[k])),
    channels: r.channelNames, cohorts: r.cohorts,
  });
  const file = new File([text], 'export.csv');
  if (abort) {
    const controller = new AbortController();
    const p = analyzeTransactions(file, { signal: controller.signal, onProgress: (x) => x.loaded > file.size / 4 && controller.abort(new Error('stop')) });
    const reason = await p.then(() => 'finished', (e) => e.message);
    const after = view(await analyzeTransactions(file));
    return { reason, after: after.length > 0 };
  }
  const before = window.kwWorkers;
  const loaded = [];
  const phases = [];
  const merging = [];
  const parts = view(await analyzeTransactions(file, {
    onProgress: (p) => {
      if (p.loaded !== undefined) loaded.push(p.loaded);
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
      if (p.phase === 'merging') merging.push([p.customers, p.customersTotal]);
    },
  }));
  const workers = window.kwWorkers - before;
  const whole = view(await analyzeTransactions(new TextEncoder().encode(text))); // bytes: one worker
  return {
    size: file.size, workers, same: parts === whole, forward: loaded.every((x, i) => i === 0 || x >= loaded[i - 1]),
    last: loaded.at(-1), rejected: JSON.parse(whole).rejected.total, phases, merging,
  };
}, { quotedLines, abort });

test('a File of more than 8 MB read by two workers equals the file read by one', async ({ page }) => {
  const out = await run(page, { quotedLines: 0 });
  expect(out.size).toBeGreaterThan(8 * 1024 * 1024);
  expect(out.workers).toBe(2);
  expect(out.same).toBe(true);
  expect(out.rejected).toBeGreaterThan(60);
  expect(out.forward).toBe(true);
  expect(out.last).toBe(out.size);
  // The halves joined in steps, reported as one phase between reading and summarising; its
  // count only goes forward and ends at its total.
  expect(out.phases).toEqual(['reading', 'merging', 'summarizing', 'finishing']);
  expect(out.merging.length).toBeGreaterThanOrEqual(2);
  expect(out.merging.every(([n, all], i) => all === out.merging[0][1] && (i === 0 || n >= out.merging[i - 1][0]))).toBe(true);
  expect(out.merging.at(-1)[0]).toBe(out.merging.at(-1)[1]);
});

test('a cut inside a quoted field over many lines: the first worker reads on, the result is the same', async ({ page }) => {
  const out = await run(page, { quotedLines: 200_000 });
  expect(out.workers).toBe(2);
  expect(out.same).toBe(true);
  expect(out.forward).toBe(true);
});

test('an abort ends both workers; the next analysis runs', async ({ page }) => {
  const out = await run(page, { quotedLines: 0, abort: true });
  expect(out.reason).toBe('stop');
  expect(out.after).toBe(true);
});

test('through the worker: the ids as written, ASCII or not, and the finishing steps in order', async ({ page }) => {
  const out = await page.evaluate(async () => {
    const { analyzeTransactions } = await import('/dist/analysis.js');
    const run = async (text) => {
      const steps = [];
      const r = await analyzeTransactions(text, { onProgress: (p) => p.step !== undefined && steps.push(`${p.phase} ${p.step}/${p.steps}`) });
      return { ids: r.customers.id, array: Array.isArray(r.customers.id), channels: r.channelNames, columns: r.format.columns, steps };
    };
    return [
      await run('Kunde;Datum;Betrag;Kanal\nK2;01.02.2024;10,50;Messe\n"K1\r\nb";02.02.2024;5,00;Web\nK2;03.03.2024;1,00;Messe\n'),
      await run('Kunde;Datum;Betrag;Kanal\nMüller;01.02.2024;10,50;Messe\nK1;02.02.2024;5,00;Web\n'),
    ];
  });
  const steps = ['1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7'].map((s) => `finishing ${s}`);
  expect(out[0]).toEqual({ ids: ['K2', 'K1\r\nb'], array: true, channels: ['Messe', 'Web'], columns: ['Kunde', 'Datum', 'Betrag', 'Kanal'], steps });
  expect(out[1]).toEqual({ ids: ['Müller', 'K1'], array: true, channels: ['Messe', 'Web'], columns: ['Kunde', 'Datum', 'Betrag', 'Kanal'], steps });
});

// prepareAnalysis: one worker started and the engine run once on a made-up file, before the
// first analysis, which then takes that worker; nothing of the made-up file in any result.
// (Each import URL below is a module of its own, with its own workers.)
const SMALL = 'Kunde;Datum;Betrag\nK1;01.02.2024;10,50\nK2;02.02.2024;5,00\nK1;03.03.2024;1.000,00\n';

test('prepareAnalysis: one worker, which the first analysis takes; the result is the file\'s own', async ({ page }) => {
  const out = await page.evaluate(async (text) => {
    const m = await import('/dist/analysis.js?prepared');
    const count = () => window.kwWorkers;
    const before = count();
    await m.prepareAnalysis();
    const prepared = count() - before;
    const r = await m.analyzeTransactions(text);
    const afterAnalysis = count() - before;
    await m.prepareAnalysis(); // after an analysis: nothing more
    return {
      prepared, afterAnalysis, again: count() - before,
      ids: r.customers.id, total: Array.from(r.customers.total), rows: r.rows.used, end: r.observationEnd,
    };
  }, SMALL);
  expect(out.prepared).toBe(1);
  expect(out.afterAnalysis).toBe(1); // the prepared worker ran it
  expect(out.again).toBe(1);
  expect(out).toMatchObject({ ids: ['K1', 'K2'], total: [1010.5, 5], rows: 3, end: '2024-03-03' });
});

test('an analysis sent while the prepared worker is still getting ready gets its own result', async ({ page }) => {
  const out = await page.evaluate(async (text) => {
    const m = await import('/dist/analysis.js?early');
    const before = window.kwWorkers;
    const ready = m.prepareAnalysis();
    // As soon as the worker exists (compiling its code and the made-up file take longer).
    while (window.kwWorkers === before) await new Promise((resolve) => setTimeout(resolve, 1));
    const r = await m.analyzeTransactions(text);
    await ready;
    const detected = await m.detectFormat(text);
    return { workers: window.kwWorkers - before, ids: r.customers.id, total: Array.from(r.customers.total), delimiter: detected.delimiter };
  }, SMALL);
  expect(out.workers).toBe(2); // the prepared one for the analysis, a new one for the detection
  expect(out).toMatchObject({ ids: ['K1', 'K2'], total: [1010.5, 5], delimiter: ';' });
});

test('a prepared worker that cannot load is dropped: prepareAnalysis settles, the analysis reports the failure', async ({ page }) => {
  await page.route('**/dist/analysis-worker.js', (route) => route.fulfill({ status: 404, body: 'not here' }));
  const out = await page.evaluate(async (text) => {
    const m = await import('/dist/analysis.js?missing');
    const settled = await Promise.race([m.prepareAnalysis().then(() => 'settled'), new Promise((r) => setTimeout(() => r('hung'), 10_000))]);
    const analysis = await Promise.race([
      m.analyzeTransactions(text).then(() => 'result', (e) => e.message),
      new Promise((r) => setTimeout(() => r('hung'), 10_000)),
    ]);
    return { settled, analysis };
  }, SMALL);
  expect(out.settled).toBe('settled');
  expect(out.analysis).toMatch(/^kundenwert: the analysis worker failed/);
});
