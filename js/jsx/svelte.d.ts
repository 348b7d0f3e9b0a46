// Types of the elements in Svelte 5 markup: attributes, properties and events
// (`onkw-change={(e) => e.detail.result}`).
//   import type {} from 'kundenwert/jsx/svelte';   (in a .d.ts of the app, or app.d.ts)
import type { HTMLAttributes } from 'svelte/elements';
import type { AttributesOf, ElementOf, EventsOf, PropertiesOf, Tag } from './common.js';

type Events<T extends Tag> = { [K in keyof EventsOf<T> as `on${K & string}`]?: (event: EventsOf<T>[K]) => void };
export type KundenwertSvelteProps<T extends Tag> = HTMLAttributes<ElementOf<T>> & AttributesOf<T> & PropertiesOf<T> & Events<T>;
type Elements = { [T in Tag]: KundenwertSvelteProps<T> };

declare module 'svelte/elements' {
  interface SvelteHTMLElements extends Elements {}
}
