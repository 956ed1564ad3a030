/**
 * Memory sizes as Compose reads them (Docker's RAMInBytes): a number of bytes, or a number with a
 * binary unit b, k, m, g, t, p, optionally followed by "b" or "ib" ("512m", "1g", "1.5gb", "2GiB").
 * Units are powers of 1024 whatever the spelling, as in Docker.
 */

const MEMORY = /^(\d+(?:\.\d+)?)\s?([kmgtp])?(?:i?b)?$/i;
const UNIT_POWER: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5 };

/** Bytes for `value`, or undefined when it is not a memory size. */
export function parseMemoryBytes(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const match = MEMORY.exec(value.trim());
  if (!match) return undefined;
  const power = match[2] ? UNIT_POWER[match[2].toLowerCase()]! : 0;
  return Math.trunc(Number(match[1]) * 1024 ** power);
}
