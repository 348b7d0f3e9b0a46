// Types of the elements in Vue templates (vue-tsc, Volar): attributes, properties and events
// (`@kw-change="(e) => e.detail.result"`). Vue itself needs to be told they are custom
// elements: compilerOptions.isCustomElement = (tag) => tag.includes('-').
//   import type {} from 'kundenwert/jsx/vue';
import type { DefineComponent } from 'vue';
import type { AttributesOf, Camel, EventsOf, PropertiesOf, Tag } from './common.js';

type Events<T extends Tag> = { [K in keyof EventsOf<T> as `on${Capitalize<Camel<K & string>>}`]?: (event: EventsOf<T>[K]) => void };
export type KundenwertVueProps<T extends Tag> = AttributesOf<T> & PropertiesOf<T> & Events<T>;
type Elements = { [T in Tag]: DefineComponent<KundenwertVueProps<T>> };

declare module 'vue' {
  interface GlobalComponents extends Elements {}
}
