#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (`npm run build`; `prepare` builds it when
// etl-cycle is installed from git). On Node >= 22.1 V8's compile cache makes every start after
// the first skip compiling the CLI (Node 20 has no such cache: there the start-up path is one
// bundled file, see scripts/build/bundle-cli-entry.mjs).
import module from 'node:module';

module.enableCompileCache?.();
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('etl-cycle: the CLI is not built yet; run `npm run build` in the etl-cycle checkout.\n');
    process.exit(2);
  }
  throw error;
});
