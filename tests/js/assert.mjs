// Assertions that work the same in Node and in browsers (node:assert does not load in a page).

export class AssertionError extends Error {}

function show(v) {
  try { return JSON.stringify(v); } catch { return String(v); }
}

export function ok(value, message = 'expected a truthy value') {
  if (!value) throw new AssertionError(message);
}

export function equal(actual, expected, message = '') {
  if (!Object.is(actual, expected)) {
    throw new AssertionError(`${message} expected ${show(expected)}, got ${show(actual)}`.trim());
  }
}

/** |actual − expected| ≤ tolerance (absolute), for floating-point results. */
export function close(actual, expected, tolerance = 1e-9, message = '') {
  if (typeof actual !== 'number' || !(Math.abs(actual - expected) <= tolerance)) {
    throw new AssertionError(`${message} expected ${expected} ± ${tolerance}, got ${show(actual)}`.trim());
  }
}

export function deepEqual(actual, expected, message = '') {
  if (show(actual) !== show(expected)) {
    throw new AssertionError(`${message} expected ${show(expected)}, got ${show(actual)}`.trim());
  }
}

/** `fn()` throws a KundenwertError with this code and field. Returns the error. */
export function throwsCode(fn, KundenwertError, code, field, message = '') {
  let error = null;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (!error) throw new AssertionError(`${message} expected a ${code} error on "${field}", but nothing was thrown`.trim());
  if (!(error instanceof KundenwertError)) {
    throw new AssertionError(`${message} expected a KundenwertError, got ${error && error.name}: ${error && error.message}`.trim());
  }
  equal(error.code, code, `${message} code:`);
  equal(error.field, field, `${message} field:`);
  ok(error instanceof Error, 'a KundenwertError is an Error');
  ok(typeof error.message === 'string' && error.message.length > 0, 'the error has a message');
  return error;
}
