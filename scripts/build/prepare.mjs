// npm's `prepare`: builds dist/ (and the API's type declarations) when they are missing or
// older than the sources. It runs on `npm install` from git (so a git dependency installs
// built: npm installs the dev dependencies for it) and on `npm pack`. It also runs on every
// `npm ci` in this repository, where it does nothing: CI and `npm test` build on their own
// (`npm run build`), and a second build there would only cost time. Its output goes to stderr:
// stdout belongs to npm (`npm pack --json` prints JSON there).
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SOURCES = [
  'agent',
  'api',
  'cli',
  'config',
  'core',
  'docker',
  'git',
  'orchestrator',
  'patterns',
  'process',
  'project',
  'history',
  'session',
  'bench',
  'examples',
];
const CONFIG_FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build/bundle-cli.mjs'];

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function newestSource() {
  let newest = Math.max(...CONFIG_FILES.map((file) => mtime(join(root, file)) ?? 0));
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'fixtures') walk(path);
      } else if (entry.name.endsWith('.ts')) newest = Math.max(newest, mtime(path) ?? 0);
    }
  };
  for (const dir of SOURCES) if (mtime(join(root, dir)) !== undefined) walk(join(root, dir));
  return newest;
}

if (process.env.npm_command === 'ci') {
  process.stderr.write('etl-cycle prepare: skipped on npm ci (npm run build builds dist/)\n');
  process.exit(0);
}

const outputs = ['dist/bundle/etl-cycle.js', 'dist/api/index.d.ts'].map((file) => mtime(join(root, file)));
if (outputs.every((time) => time !== undefined && time >= newestSource())) {
  process.stderr.write('etl-cycle prepare: dist/ is up to date\n');
} else {
  const run = (script) =>
    execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', script], { cwd: root, stdio: ['ignore', 2, 2] });
  try {
    run('build');
    run('build:types');
  } catch (error) {
    // The build printed why; a stack trace of this script would only bury it.
    process.stderr.write(`etl-cycle prepare: the build failed (exit ${error.status ?? error.signal}), see above\n`);
    process.exit(typeof error.status === 'number' ? error.status : 1);
  }
}
