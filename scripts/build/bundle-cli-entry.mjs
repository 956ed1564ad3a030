// After `tsc`: bundles the CLI's start-up path (dist/cli/main.js and the packages it imports —
// yargs and its helpers, ~50 small ES modules) into one file in place, so `etl-cycle --help`
// and every command start without resolving and compiling a module graph. Only packages are
// inlined: etl-cycle's own modules stay separate files, imported as before (relative paths are
// kept as they are, and the output replaces the input at the same place, so they still
// resolve), so the lazily loaded commands and every `instanceof` across modules are unchanged.
// The source map chains to tsc's, so stack traces still point at cli/main.ts.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

const keepOwnModules = {
  name: 'keep-own-modules',
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point' || args.importer.includes('/node_modules/')) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [keepOwnModules],
  // yargs' ES build reads its locale files relative to itself; in the bundle it falls back to English.
  banner: { js: '// Bundled by scripts/build/bundle-cli-entry.mjs (see there why).' },
});
