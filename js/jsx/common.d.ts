// What the JSX types of every framework share: the elements' attributes, properties and events
// (generated from the element classes into elements.d.ts, like custom-elements.json).
import type { KundenwertElements } from './elements.js';

export type { KundenwertElements };
export type Tag = keyof KundenwertElements;
export type ElementOf<T extends Tag> = KundenwertElements[T]['element'];
export type AttributesOf<T extends Tag> = KundenwertElements[T]['attributes'];
export type PropertiesOf<T extends Tag> = KundenwertElements[T]['properties'];
export type EventsOf<T extends Tag> = KundenwertElements[T]['events'];
/** kw-change -> kwChange */
export type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
