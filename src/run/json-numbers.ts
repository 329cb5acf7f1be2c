/**
 * JSON that keeps every number: JSON has no NaN, Infinity or -0, so they are written as
 * {"$num": "NaN"} and read back as numbers (unit files, and the key of an effective run).
 */
const NUM = '$num';

/** A JSON replacer that keeps every number: NaN, Infinity and -0 as {"$num": ...}. */
export function encodeNumber(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || (Number.isFinite(value) && !Object.is(value, -0))) return value;
  return { [NUM]: Object.is(value, -0) ? '-0' : String(value) };
}

/** Decodes what encodeNumber wrote: a JSON reviver. */
export function decodeNumber(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === NUM) return Number((value as Record<string, string>)[NUM]);
  }
  return value;
}
