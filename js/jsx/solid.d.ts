// JSX types of the elements for Solid: attributes, properties as `prop:churnRate={0.05}`, and
// events as `on:kw-change={(e) => e.detail.result}`.
//   import type {} from 'kundenwert/jsx/solid';
import type { JSX } from 'solid-js';
import type { AttributesOf, ElementOf, EventsOf, PropertiesOf, Tag } from './common.js';

type Events<T extends Tag> = { [K in keyof EventsOf<T> as `on:${K & string}`]?: (event: EventsOf<T>[K]) => void };
type Props<T extends Tag> = { [K in keyof PropertiesOf<T> as `prop:${K & string}`]?: PropertiesOf<T>[K] };
export type KundenwertSolidProps<T extends Tag> = JSX.HTMLAttributes<ElementOf<T>> & AttributesOf<T> & PropertiesOf<T> & Props<T> & Events<T>;
type Elements = { [T in Tag]: KundenwertSolidProps<T> };

declare module 'solid-js' {
  namespace JSX {
    interface IntrinsicElements extends Elements {}
  }
}
