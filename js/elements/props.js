// Properties for attributes. React 19, Preact, Vue, Angular and Lit set a custom element's
// properties rather than its attributes wherever the element has a property of that name, so
// every attribute needs a property that can be set as well as read. Setting one sets its
// attribute (null or undefined removes it), and the element reacts in attributeChangedCallback
// alone: a bad or unknown value behaves exactly as the same attribute would, and property and
// attribute never disagree. Reading gives what the element makes of the attribute (`mode`
// reads the default mode when the attribute names none).

const PROPERTIES = new Map(); // asked for every attribute of every element as they are defined
/** The property of an attribute: heading-level -> headingLevel. */
export function propertyOf(attr) {
  let prop = PROPERTIES.get(attr);
  if (prop === undefined) {
    prop = attr.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    PROPERTIES.set(attr, prop);
  }
  return prop;
}

/**
 * Defines a property per attribute on an element's prototype. `specs` maps attribute names to
 * `{ get(el), type }`: `type` is `string` (default: any value is set as its text), `boolean`
 * (false, null and undefined remove the attribute, anything else sets it, as an attribute's
 * mere presence does) or `flag` (a boolean attribute whose value also matters, like
 * `data-layer`: true sets it empty, false removes it, a string sets that string). `get`
 * defaults to the attribute's value (null when absent).
 */
export function reflectAttributes(proto, specs) {
  for (const [attr, spec] of Object.entries(specs)) {
    const type = spec.type ?? 'string';
    Object.defineProperty(proto, propertyOf(attr), {
      get() {
        if (spec.get) return spec.get(this);
        return type === 'boolean' ? this.hasAttribute(attr) : this.getAttribute(attr);
      },
      set(v) {
        if (v === null || v === undefined || (v === false && type !== 'string')) this.removeAttribute(attr);
        else if (v === true && type !== 'string') this.setAttribute(attr, '');
        else this.setAttribute(attr, String(v));
      },
      configurable: true,
      enumerable: true,
    });
  }
}

/**
 * Properties set on an element before its class was defined (an app that renders before the
 * script loads) are own properties that hide the class's accessors: hand them over.
 */
export function upgradeProperties(el, names) {
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(el, name)) {
      const v = el[name];
      delete el[name];
      el[name] = v;
    }
  }
}

/** The names of the attributes of an element class that have no settable property yet. */
export function unsettable(cls, attrs) {
  return attrs.filter((attr) => {
    for (let p = cls.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
      const d = Object.getOwnPropertyDescriptor(p, propertyOf(attr));
      if (d) return !d.set && !d.writable;
    }
    return true;
  });
}
