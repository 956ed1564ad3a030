/**
 * Verdicts of the ReDoS checker, kept between runs: recheck takes up to seconds per regex, and
 * the same regexes are checked again and again (every build of the built-in catalogue, every
 * `patterns check`, every start with the same user pack). Only `safe` verdicts are kept, keyed
 * by a hash of the regex, its flags, the accepted degree and recheck's version, so a changed
 * regex, policy or checker is checked afresh. The file lives in `node_modules/.cache/etl-cycle/`
 * of etl-cycle's package root (the usual home of tool caches); when that cannot be read or
 * written the check simply runs every time.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { writeJsonAtomically } from '../../core/atomic-write.js';
import { packageRoot } from '../catalogue/builtin-packs-dir.js';

const CACHE_FORMAT = 1;

export class RedosVerdictCache {
  private readonly safe = new Set<string>();
  private dirty = false;

  private constructor(
    private readonly path: string | undefined,
    private readonly policy: string,
  ) {}

  /** The cache at `path` (default: the package's node_modules/.cache), empty when missing or unreadable. */
  static async open(policy: string, path: string | undefined = defaultCachePath()): Promise<RedosVerdictCache> {
    const cache = new RedosVerdictCache(path, `${policy}|recheck ${recheckVersion()}`);
    if (path === undefined) return cache;
    try {
      const data = JSON.parse(await readFile(path, 'utf8')) as { format?: unknown; safe?: unknown };
      if (data.format === CACHE_FORMAT && Array.isArray(data.safe)) for (const key of data.safe) cache.safe.add(String(key));
    } catch {
      // No cache yet (or a broken one): every regex is checked.
    }
    return cache;
  }

  /** A cache that remembers nothing across runs (tests of the checker itself). */
  static none(): RedosVerdictCache {
    return new RedosVerdictCache(undefined, 'none');
  }

  isKnownSafe(source: string, flags: string): boolean {
    return this.safe.has(this.key(source, flags));
  }

  rememberSafe(source: string, flags: string): void {
    const key = this.key(source, flags);
    if (this.safe.has(key)) return;
    this.safe.add(key);
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty || this.path === undefined) return;
    try {
      // Merge with what another process saved meanwhile (parallel test files, a build).
      const current = await RedosVerdictCache.open('', this.path).catch(() => undefined);
      const keys = new Set([...(current?.safe ?? []), ...this.safe]);
      await writeJsonAtomically(this.path, { format: CACHE_FORMAT, safe: [...keys].sort() });
      this.dirty = false;
    } catch {
      // A read-only install: the next run checks again.
    }
  }

  private key(source: string, flags: string): string {
    return createHash('sha256').update(`${this.policy}\0${flags}\0${source}`).digest('hex').slice(0, 32);
  }
}

function defaultCachePath(): string | undefined {
  const root = packageRoot();
  return root === undefined ? undefined : join(root, 'node_modules', '.cache', 'etl-cycle', 'redos-verdicts.json');
}

let version: string | undefined;

function recheckVersion(): string {
  if (version !== undefined) return version;
  try {
    // recheck's package.json is not exported: find it above its entry point.
    let dir = dirname(createRequire(import.meta.url).resolve('recheck'));
    for (let i = 0; i < 4; i += 1, dir = dirname(dir)) {
      try {
        const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (manifest.name === 'recheck') return (version = manifest.version ?? 'unknown');
      } catch {
        // not this folder
      }
    }
  } catch {
    // recheck missing: the check itself will say so.
  }
  return (version = 'unknown');
}
