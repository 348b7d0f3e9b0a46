// JSX types of the elements for React 19 (react and react/jsx-runtime): attributes as HTML
// writes them (`churn-rate="0.05"`), properties (`churnRate={0.05}`: React 19 sets a property
// where the element has one) and events (`onkw-change={(e) => e.detail.result}`).
//   import type {} from 'kundenwert/jsx/react';   or tsconfig: "types": ["kundenwert/jsx/react"]
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { AttributesOf, ElementOf, EventsOf, PropertiesOf, Tag } from './common.js';

type Events<T extends Tag> = { [K in keyof EventsOf<T> as `on${K & string}`]?: (event: EventsOf<T>[K]) => void };
export type KundenwertReactProps<T extends Tag> = DetailedHTMLProps<HTMLAttributes<ElementOf<T>>, ElementOf<T>>
  & AttributesOf<T> & PropertiesOf<T> & Events<T>;
type Elements = { [T in Tag]: KundenwertReactProps<T> };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends Elements {}
  }
}
declare module 'react/jsx-runtime' {
  namespace JSX {
    interface IntrinsicElements extends Elements {}
  }
}
declare module 'react/jsx-dev-runtime' {
  namespace JSX {
    interface IntrinsicElements extends Elements {}
  }
}
