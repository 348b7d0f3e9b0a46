// Generates, from the element classes themselves, dist/custom-elements.json (the Custom
// Elements Manifest, schema 2.1.0, that editors, Storybook and framework tooling read) and
// dist/jsx/elements.d.ts (each element's attributes, properties and events as types: the one
// source of the JSX types for React, Vue, Svelte and Solid in dist/jsx/).
// Attributes are the classes' observedAttributes, properties their accessors, parts the
// `part="..."` in the markup they write (and the parts they set), CSS properties every `var(--kw-...)` of their styles,
// events every `new CustomEvent('...')` they dispatch. Runs in Node (no DOM: importing an
// element module defines nothing). Run by scripts/build.mjs; `node scripts/manifest.mjs`
// alone regenerates both from dist/.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const camel = (a) => a.replace(/-(\w)/g, (_, c) => c.toUpperCase());

/** Every element: its tag, class, module, the source files whose markup and styles it uses. */
const ELEMENTS = [
  { tag: 'clv-calculator', name: 'ClvCalculator', file: 'clv-calculator', entry: 'elements', calculator: true, result: 'ClvSubscriptionResult | ClvPurchaseResult | ClvSimpleResult' },
  { tag: 'ltv-cac-calculator', name: 'LtvCacCalculator', file: 'ltv-cac-calculator', entry: 'elements', calculator: true, result: 'LtvCacCalculatorResult' },
  { tag: 'tcv-calculator', name: 'TcvCalculator', file: 'tcv-calculator', entry: 'elements', calculator: true, result: 'TcvResult' },
  { tag: 'retention-impact-calculator', name: 'RetentionImpactCalculator', file: 'retention-impact-calculator', entry: 'elements', calculator: true, result: 'RetentionImpactResult' },
  { tag: 'nps-calculator', name: 'NpsCalculator', file: 'nps-calculator', entry: 'elements', calculator: true, result: 'NpsResult' },
  { tag: 'retention-forecast', name: 'RetentionForecast', file: 'retention-forecast', entry: 'retention-forecast', calculator: true, result: 'RetentionForecastResult' },
  { tag: 'customer-segmenter', name: 'CustomerSegmenter', file: 'customer-segmenter', entry: 'segmenter', calculator: false },
];
/** What the calculators share: the base's markup, the fields, the lead form, the charts, the print view, the styles. */
const SHARED = ['base', 'fields', 'lead', 'chart', 'print', 'style'];

/** Types and descriptions of the attributes that are not input fields. */
const COMMON = {
  locale: ['string', 'Language of the texts (German or English) and number formats: `de`, `de-AT`, `en-GB` ...; default the nearest `lang`.'],
  currency: ['string', 'ISO code of the currency money is shown in (default `EUR`).'],
  theme: ["'light' | 'dark' | 'auto'", '`light` or `dark`; without it, the element picks from the page\'s background.'],
  'heading-level': ['number', 'The level of the title, 2 to 6.'],
  'sync-url': ['boolean', 'Reads the values from the page address and writes them back, with a copy-link button.'],
  'data-layer': ['string | boolean', 'Pushes each result to `window.dataLayer`; the value is the event (default `kundenwert`).'],
  period: ["'year' | 'month'", 'The unit of the periods (default `year`).'],
  model: ["'bg-nbd' | 'pareto-nbd' | 'off'", 'The forecast model preselected (default `bg-nbd`).'],
  lead: ["'off' | 'gate' | 'offer'", 'Lead capture: `gate` (the result after the form), `offer` (result shown, sending offered) or `off`.'],
};
const EVENTS = {
  'kw-change': ['CustomEvent<KwChangeDetail<R>>', 'Each new result: `detail: { calculator, mode, inputs, result }` (bubbles, composed).'],
  'kw-lead': ['CustomEvent<KwLead>', 'A consented lead was sent: `detail` is the lead (bubbles, composed).'],
  'kw-analysis': ['CustomEvent<KwAnalysisDetail>', 'An analysis finished: `detail: { result }` (bubbles, composed).'],
};

async function sources(dist, files) {
  return (await Promise.all(files.map((f) => readFile(`${dist}/elements/${f}.js`, 'utf8')))).join('\n');
}

export async function manifest(dist = `${root}dist`) {
  const { FIELDS } = await import(pathToFileURL(`${dist}/elements/fields.js`).href);
  const modules = [];
  const types = [];
  for (const el of ELEMENTS) {
    const mod = await import(pathToFileURL(`${dist}/elements/${el.file}.js`).href);
    const cls = mod[el.name];
    // The segmenter's report parts and colours are written by report/view.js.
    const text = await sources(dist, el.calculator ? [el.file, ...SHARED] : [el.file, 'chart', 'style', ...(el.file === 'customer-segmenter' ? ['../report/view'] : [])]);
    const parts = [...new Set([...text.matchAll(/part="([a-z-]+)"|setAttribute\('part', '([a-z-]+)'\)/g)].map((m) => m[1] ?? m[2]))].sort();
    const cssProperties = [...new Set([...text.matchAll(/var\((--kw-[a-z0-9-]+)/g)].map((m) => m[1]))].sort();
    const events = [...new Set([...text.matchAll(/new CustomEvent\('([a-z-]+)'/g)].map((m) => m[1]))].sort();
    const fields = cls.allFields ?? [];
    // `mode` means nothing on an element with one mode: left out.
    const attributes = cls.observedAttributes.filter((a) => a !== 'mode' || cls.modes?.length).map((attr) => {
      const field = fields.find((f) => f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) === attr);
      if (field) {
        const def = FIELDS[field];
        const unit = def.kind === 'percent' ? ' (a fraction: 0.05 is 5 %)' : def.kind === 'money' ? ' (money, in the currency)' : '';
        return { name: attr, fieldName: field, type: 'number', default: cls.defaults?.[field] ?? null, description: `${def.label.en}${unit}.` };
      }
      const [type, description] = attr === 'mode'
        ? [cls.modes.map((m) => `'${m}'`).join(' | '), `The mode (default \`${cls.modes[0]}\`).`]
        : COMMON[attr] ?? ['string', attr.startsWith('lead-') ? 'Lead capture: see docs/leads.md.' : ''];
      return { name: attr, fieldName: camel(attr), type, description };
    });
    const decl = {
      kind: 'class',
      customElement: true,
      name: el.name,
      tagName: el.tag,
      description: `<${el.tag}>: registered by \`kundenwert/${el.entry}\`.`,
      superclass: el.calculator ? { name: 'Calculator', module: 'dist/elements/base.js' } : { name: 'HTMLElement', package: 'global:' },
      attributes: attributes.map((a) => ({
        name: a.name, fieldName: a.fieldName, type: { text: a.type }, ...(a.default !== undefined ? { default: JSON.stringify(a.default) } : {}), description: a.description,
      })),
      members: [
        ...attributes.map((a) => ({
          kind: 'field', name: a.fieldName, attribute: a.name, reflects: true,
          type: { text: a.type === 'number' ? 'number | null' : a.type === 'string | boolean' ? 'string | null' : a.type }, description: a.description,
        })),
        { kind: 'field', name: 'result', readonly: true, type: { text: el.calculator ? `${el.result} | null` : 'AnalysisResult | null' }, description: 'The latest result; null before the first.' },
        ...(el.tag === 'retention-forecast' ? [{ kind: 'field', name: 'periodCount', type: { text: 'number' }, description: 'How many periods are entered and shown, 2 to 12.' }] : []),
        ...(el.calculator ? [] : [{ kind: 'method', name: 'open', parameters: [{ name: 'file', type: { text: 'Blob' } }], description: 'Analyses a File or Blob.' }]),
      ],
      events: events.map((name) => ({ name, type: { text: EVENTS[name][0].replace('<R>', el.calculator ? `<${el.result}>` : '') }, description: EVENTS[name][1] })),
      cssParts: parts.map((name) => ({ name })),
      cssProperties: cssProperties.map((name) => ({ name })),
    };
    modules.push({
      kind: 'javascript-module',
      path: `dist/elements/${el.file}.js`,
      declarations: [decl],
      exports: [
        { kind: 'js', name: el.name, declaration: { name: el.name, module: `dist/elements/${el.file}.js` } },
        { kind: 'custom-element-definition', name: el.tag, declaration: { name: el.name, module: `dist/elements/${el.file}.js` } },
      ],
    });
    // Types: attributes (kebab-case, as HTML and JSX write them), properties, events.
    const attrs = attributes.map((a) => `    '${a.name}'?: ${a.type === 'number' ? 'number | string' : a.type === 'boolean' ? 'boolean | string' : a.type === "'light' | 'dark' | 'auto'" ? "'light' | 'dark'" : a.type};`);
    const props = attributes.filter((a) => a.fieldName !== a.name).map((a) => `    ${a.fieldName}?: ${a.type === 'number' ? 'number | string | null' : `${a.type} | null`};`);
    const evs = events.map((name) => `    '${name}': ${decl.events.find((e) => e.name === name).type.text};`);
    types.push(`  '${el.tag}': {\n    element: ${el.name};\n    attributes: {\n  ${attrs.join('\n  ')}\n    };\n    properties: {\n  ${props.join('\n  ')}\n    };\n    events: {\n  ${evs.join('\n  ')}\n    };\n  };`);
  }
  const cem = { schemaVersion: '2.1.0', readme: 'README.md', modules };
  await writeFile(`${dist}/custom-elements.json`, `${JSON.stringify(cem, null, 2)}\n`);
  await mkdir(`${dist}/jsx`, { recursive: true });
  await writeFile(`${dist}/jsx/elements.d.ts`, `// Generated by scripts/manifest.mjs from the element classes (like custom-elements.json):
// each element's attributes (as HTML writes them), its properties and the events it fires.
// The JSX types of each framework (react.d.ts, vue.d.ts, svelte.d.ts, solid.d.ts) map these.
import type {
  ClvCalculator, LtvCacCalculator, TcvCalculator, RetentionImpactCalculator, NpsCalculator, RetentionForecast, CustomerSegmenter,
  KwChangeDetail, KwLead, KwAnalysisDetail, LtvCacCalculatorResult, RetentionForecastResult,
} from '../elements.js';
import type { ClvPurchaseResult, ClvSimpleResult, ClvSubscriptionResult, NpsResult, RetentionImpactResult, TcvResult } from '../index.js';

export interface KundenwertElements {
${types.join('\n')}
}
`);
  return cem;
}

if (import.meta.url === `file://${process.argv[1]}`) await manifest();
