// FEEL results → plain JSON, the way Zeebe turns a FEEL value into a variable: temporal values
// become ISO strings, functions and ranges become null, NaN/Infinity become null. The result is
// always a fresh structure, never sharing objects with the variables that went in.
import type { FeelValue } from './types.js';
import { formatDateTime, formatDuration, isDateTime, isDuration } from './temporal.js';

/**
 * A number as JSON. feel-scala computes in decimal (BigDecimal), so `0.1 + 0.2` is `0.3` there;
 * in binary floating point it is 0.30000000000000004. A result within two units in the last place
 * of a 15-significant-digit decimal is snapped to that decimal, which removes exactly that noise
 * and leaves genuinely precise values (e.g. 1/3 = 0.3333333333333333) alone.
 */
export function toFeelNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (Number.isInteger(value)) return value === 0 ? 0 : value;
  const decimal = Number(value.toPrecision(15));
  const ulp = 2 ** (Math.floor(Math.log2(Math.abs(value))) - 52);
  return Math.abs(decimal - value) <= 2 * ulp ? decimal : value;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Converts whatever feelin returned into a JSON value. */
export function toFeelValue(value: unknown): FeelValue {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return toFeelNumber(value);
    case 'object':
      break;
    default:
      // undefined, functions, symbols, bigints
      return null;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    const list: FeelValue[] = [];
    for (let i = 0; i < items.length; i++) list.push(toFeelValue(items[i]));
    return list;
  }
  if (isDateTime(value)) return formatDateTime(value);
  if (isDuration(value)) return formatDuration(value);
  // a feelin Range, a FunctionWrapper, or any other class instance: no JSON form
  if (!isPlainObject(value)) return null;
  const context: { [key: string]: FeelValue } = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key === '__proto__') {
      Object.defineProperty(context, key, { value: toFeelValue(entry), enumerable: true, writable: true, configurable: true });
    } else {
      context[key] = toFeelValue(entry);
    }
  }
  return context;
}
