// After `tsc`: bundles the CLI (dist/cli/main.js and everything it imports, etl-cycle's own
// modules and the packages) into dist/bundle/, which bin/etl-cycle.js starts. Why: Node 20 has no
// compile cache, and `etl-cycle run` resolved, read and compiled ~670 ES modules before its first
// phase (kysely alone is 263 files, zod 95, etl-cycle's own ~300): ~1.1 s from spawn to the first
// phase on this 2-core machine, ~0.73 s bundled; `etl-cycle orchestrate`, which the agent starts
// every iteration, went from ~1.2 s to ~0.6 s for a one-task workflow.
//
// Code splitting keeps what the commands load lazily (`import()` of an action, the engine client,
// the live renderer, serve) in chunks of their own, so `--help` and `classify` still load only
// what they use, and every module exists once in the bundle (an `instanceof` across chunks holds).
// dist/ keeps tsc's module-per-file output too: the library API (dist/api/) is imported from
// there, not from the bundle.
//
// Left out (external, loaded from node_modules as before): packages with native addons (libsql,
// ssh2, cpu-features, pg-native), recheck (it locates its own binary from its package folder), and
// pg (loaded only for a PostgreSQL history). ssh2 is loaded only when something asks for it:
// docker-modem requires it when it loads, for its own ssh transport, which etl-cycle never uses
// (it reaches ssh:// engines through the system ssh, docker/engine/ssh-dial-agent.ts); loading it
// cost ~50 ms of every start.
import { build } from 'esbuild';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** docker-modem's `require('ssh2')`, deferred to the first use of what it exports. */
const lazySsh2 = {
  name: 'lazy-ssh2',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^ssh2$/ }, (args) =>
      args.importer.includes('/node_modules/docker-modem/') ? { path: 'ssh2', namespace: 'lazy-ssh2' } : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: 'lazy-ssh2' }, () => ({
      // docker-modem reads `.Client` when it loads and only calls `new Client()`: a constructor
      // that builds the real one. Resolved from here, require('ssh2') is the external package.
      contents: "module.exports = { Client: function Client(...args) { return new (require('ssh2').Client)(...args); } };",
      loader: 'js',
      resolveDir: dist,
    }));
  },
};

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = `${root}dist/`;
const outdir = `${dist}bundle`;

rmSync(outdir, { recursive: true, force: true });
const { metafile } = await build({
  absWorkingDir: root,
  metafile: true,
  entryPoints: { 'etl-cycle': `${dist}cli/main.js` },
  outdir,
  bundle: true,
  splitting: true,
  // Flat: every chunk sits at dist/bundle/, one folder below dist/ as tsc's modules do, so the
  // lookups of etl-cycle's package.json from import.meta.url (core/package-info.ts) find it.
  chunkNames: '[name]-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [lazySsh2],
  external: ['libsql', 'ssh2', 'cpu-features', 'pg', 'pg-native', 'recheck', '*.node'],
  // CommonJS packages inside an ES module bundle still call require() and read __filename.
  banner: {
    js: [
      '// Bundled by scripts/build/bundle-cli.mjs (see there why).',
      "import { createRequire as __bundleCreateRequire } from 'node:module';",
      "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
      "import { dirname as __bundleDirname } from 'node:path';",
      'const require = __bundleCreateRequire(import.meta.url);',
      'const __bundle_filename = __bundleFileURLToPath(import.meta.url);',
      'const __bundle_dirname = __bundleDirname(__bundle_filename);',
    ].join('\n'),
  },
  // Only the free uses: a package that declares its own __dirname keeps it.
  define: { __filename: '__bundle_filename', __dirname: '__bundle_dirname' },
});
// Which modules each chunk holds (paths from the package root), for a test that asks what a command
// loaded (test/fixtures/processes/record-modules.mjs); not shipped in the npm package.
const inputs = Object.fromEntries(
  Object.entries(metafile.outputs)
    .filter(([file]) => file.endsWith('.js'))
    .map(([file, output]) => [relative(outdir, `${root}${file}`), Object.keys(output.inputs)]),
);
writeFileSync(`${outdir}/inputs.json`, `${JSON.stringify(inputs)}\n`);
// patterns/load-catalogue.ts reads the compiled catalogue next to the module that asks for it.
copyFileSync(`${dist}patterns/builtin-catalogue.json`, `${outdir}/builtin-catalogue.json`);
