/**
 * etl-cycle's own package: its package.json (version, engines, repository), files it ships
 * (schema/, patterns/packs/) and the command that runs its CLI again. Works from the sources
 * (core/) and from the build (dist/core/), which sit at different depths.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface PackageManifest {
  name?: string;
  version?: string;
  repository?: string | { url?: string };
  engines?: { node?: string };
}

/** etl-cycle's own package.json and the folder it is in (works from the source and from dist/). */
function findManifest(): { root: string; manifest: PackageManifest } | undefined {
  for (const relative of ['../', '../../']) {
    const root = fileURLToPath(new URL(relative, import.meta.url));
    try {
      const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as PackageManifest;
      if (pkg.name === 'etl-cycle') return { root, manifest: pkg };
    } catch {
      // try the next location
    }
  }
  return undefined;
}

export function readManifest(): PackageManifest {
  return findManifest()?.manifest ?? {};
}

/** A file shipped with etl-cycle (schema/..., patterns/packs/...), by its path in the package. */
export function packageFile(path: string): string | undefined {
  const found = findManifest();
  return found ? `${found.root}${path}` : undefined;
}

/** etl-cycle's own version, from package.json. */
export function readVersion(): string {
  return readManifest().version ?? '0.0.0';
}

/** The argv that runs this etl-cycle again (the agent runs `etl-cycle orchestrate` as its orchestrator). */
export function selfCommand(): string[] {
  return [process.execPath, packageFile('bin/etl-cycle.js') ?? fileURLToPath(new URL('../../bin/etl-cycle.js', import.meta.url))];
}
