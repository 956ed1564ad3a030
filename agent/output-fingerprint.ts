import { createHash } from 'node:crypto';

/**
 * A fingerprint of a failure's output that ignores what changes between identical failures
 * (timestamps, pids, ids, durations, temp names): two runs failing the same way get the same
 * fingerprint, so an unclassified failure that repeats is detected as stuck.
 */
export function fingerprintOutput(text: string, lines = 20): string {
  const tail = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-lines);
  const normalized = tail.map((line) =>
    line
      .replace(/\b[0-9a-f]{12,64}\b/gi, '<id>')
      .replace(/\d+(?:[.:/-]\d+)*/g, '#')
      .replace(/\/tmp\/\S+/g, '<tmp>'),
  );
  return createHash('sha256').update(normalized.join('\n')).digest('hex').slice(0, 16);
}
