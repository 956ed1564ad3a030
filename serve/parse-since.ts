import { parseAge } from '../core/duration.js';

/** `7d` (an age back from now) or an ISO time → epoch ms; undefined when it is neither. */
export function parseSince(text: string, now: number): number | undefined {
  const age = parseAge(text);
  if (age !== undefined) return now - age;
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}
