// The error every kundenwert function throws for bad input.

/** An input error from the core: `code` is stable, `field` names the input ('' for the whole input). */
export class KundenwertError extends Error {
  constructor(code, field, message) {
    super(message);
    this.name = 'KundenwertError';
    this.code = code;
    this.field = field;
  }
}
