/**
 * Byte sizes as users write them, one parser for every caller (Compose `mem_limit`, etl-cycle.yaml
 * `adjustments.memory_max` and `logs.max_size`): a number of bytes, or a number with a unit b, k,
 * m, g, t, p, optionally followed by "b" or "ib" ("512m", "1g", "1.5gb", "100MiB"). The units are
 * powers of 1024 whatever the spelling, as in Docker (RAMInBytes) and Compose.
 *
 * The arithmetic and the formatting are the `bytes` package's; this module only accepts Docker's
 * spellings, which `bytes` alone does not ("512m", "2GiB").
 */
import bytes from 'bytes';

const SIZE = /^(\d+(?:\.\d+)?)\s?([kmgtp])?(?:i?b)?$/i;

/** Bytes for `value` (fractions of a byte dropped), or undefined when it is not a size. */
export function parseByteSize(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const match = SIZE.exec(value.trim());
  if (!match) return undefined;
  const parsed = bytes.parse(match[2] ? `${match[1]}${match[2]}b` : match[1]!);
  return parsed === null || !Number.isSafeInteger(parsed) ? undefined : parsed;
}

/** `100 MiB`, `1.5 GiB`, `512 B`: binary units, spelled as they are meant. */
export function formatByteSize(value: number): string {
  const text = bytes.format(value, { unitSeparator: ' ', decimalPlaces: 1 }) ?? `${value} B`;
  return text.replace(/ ([KMGTP])B$/, ' $1iB');
}
