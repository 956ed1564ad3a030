import { describe, expect, it } from 'vitest';
import { bearerToken, isLoopback, isOpenPath, tokenMatches } from '../../../serve/access-policy.js';

describe('serve access policy', () => {
  it('knows the loopback addresses from the others', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LOCALHOST']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.1', 'example.com', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });

  it('opens only the probes, the scrape, the page and the API description', () => {
    for (const path of ['/health', '/health/live', '/metrics', '/', '/openapi.json']) expect(isOpenPath(path), path).toBe(true);
    for (const path of ['/api/runs', '/api/stats', '/healthz', '/metrics/x', '/api/runs/latest/log'])
      expect(isOpenPath(path), path).toBe(false);
  });

  it('matches the whole token only, of any length', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
    expect(bearerToken('Bearer t0k-en')).toBe('t0k-en');
    expect(bearerToken('bearer  t0k ')).toBe('t0k');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
