import type {} from 'kundenwert/jsx/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

export const props: SvelteHTMLElements['retention-forecast'] = { period: 'year', margin: 100, 'onkw-change': (e) => console.log(e.detail.result.params.alpha) };
