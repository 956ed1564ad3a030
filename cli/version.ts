import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** etl-cycle's own version, read once from package.json (works from the source and from dist/). */
export function readVersion(): string {
  for (const relative of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'etl-cycle' && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}

/** The argv that runs this etl-cycle again (the agent runs `etl-cycle orchestrate` as its orchestrator). */
export function selfCommand(): string[] {
  return [process.execPath, fileURLToPath(new URL('../../bin/etl-cycle.js', import.meta.url))];
}
