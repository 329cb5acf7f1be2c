/**
 * Units in scenario values. Everything inside the simulator is in base units:
 * seconds, MiB for memory, bytes for payloads, events per second for rates.
 * Each parser returns a number or throws UnitError with a message meant for the user.
 */
export class UnitError extends Error {}

const NUMBER = '([0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)';

/**
 * Each unit as [multiplier, divisor] of the base unit. Dividing by 1000 rather than multiplying
 * by 1e-3 keeps "700ms" exactly 0.7 (the correctly rounded decimal), so results carry no
 * parsing noise.
 */
type Factor = readonly [multiplier: number, divisor: number];
const SECONDS: Record<string, Factor> = { us: [1, 1e6], 'µs': [1, 1e6], ms: [1, 1e3], s: [1, 1], min: [60, 1], h: [3600, 1] };
/**
 * KB, MB and GB are binary here, synonyms of KiB, MiB and GiB: in FaaS configuration "MB" means
 * MiB (OpenWhisk's `memory` in MB, AWS Lambda's memory "MB"), so `memory: 256MB` is OpenWhisk's
 * 256 MiB stem cell and `userMemory: 2GB` holds eight 256 MiB containers, not seven.
 */
const MIB: Record<string, Factor> = {
  B: [1, 1048576],
  KiB: [1, 1024],
  MiB: [1, 1],
  GiB: [1024, 1],
  TiB: [1048576, 1],
  KB: [1, 1024],
  MB: [1, 1],
  GB: [1024, 1],
};
const PER_SECOND: Record<string, Factor> = { s: [1, 1], sec: [1, 1], min: [1, 60], h: [1, 3600] };

function parseWithUnit(value: unknown, table: Record<string, Factor>, pattern: RegExp, what: string, example: string): number {
  if (typeof value === 'string') {
    const m = pattern.exec(value.trim());
    if (m && m[2] in table) {
      const [multiplier, divisor] = table[m[2]];
      return (Number(m[1]) * multiplier) / divisor;
    }
  }
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  throw new UnitError(`expected ${what} like ${example}, got ${shown}`);
}

const durationPattern = new RegExp(`^${NUMBER}\\s*(us|µs|ms|s|min|h)$`);
const sizePattern = new RegExp(`^${NUMBER}\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB)$`);
const ratePattern = new RegExp(`^${NUMBER}\\s*/\\s*(s|sec|min|h)$`);

/** "20ms" -> 0.02 (seconds). A bare 0 is accepted: zero needs no unit. */
export function parseDuration(value: unknown): number {
  if (value === 0) return 0;
  return parseWithUnit(value, SECONDS, durationPattern, 'a duration', '20ms, 1.5s or 10min');
}

/** "4KiB" -> 0.00390625 (MiB). */
export function parseSizeMiB(value: unknown): number {
  if (value === 0) return 0;
  return parseWithUnit(value, MIB, sizePattern, 'a size', '4KiB, 256MiB or 2GiB');
}

/** "4KiB" -> 4096 (bytes). */
export function parseSizeBytes(value: unknown): number {
  return Math.round(parseSizeMiB(value) * 1048576);
}

/** "20/s" -> 20, "30/min" -> 0.5 (per second). */
export function parseRate(value: unknown): number {
  if (value === 0) return 0;
  return parseWithUnit(value, PER_SECOND, ratePattern, 'a rate', '20/s or 300/min');
}
