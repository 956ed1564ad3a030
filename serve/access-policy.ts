/**
 * Who may talk to `etl-cycle serve`. On the loopback address only this machine can reach it;
 * any other address needs a token, checked on every route but the probes (/health*) and the
 * scrape (/metrics), which carry nothing a run could be started or stopped with.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.trim().toLowerCase()) || /^127\.\d+\.\d+\.\d+$/.test(host.trim());
}

/** The paths anyone who reaches the server may read: probes, the scrape, the page itself (it holds no data) and the API description. */
export function isOpenPath(path: string): boolean {
  return path === '/health' || path.startsWith('/health/') || path === '/metrics' || path === '/' || path === '/openapi.json';
}

/**
 * Compares in constant time: both sides are hashed first, so neither the length nor the first
 * differing byte of the token shows in the time an answer takes.
 */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(presented));
}

/** `Authorization: Bearer <token>`; undefined when absent or of another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
