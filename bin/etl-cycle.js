#!/usr/bin/env node
// Thin launcher: the compiled CLI is one bundle in dist/bundle/ (`npm run build`; `prepare`
// builds it when etl-cycle is installed from git), see scripts/build/bundle-cli.mjs for why. On
// Node >= 22.1 V8's compile cache also makes every start after the first skip compiling it.
import module from 'node:module';

module.enableCompileCache?.();
import('../dist/bundle/etl-cycle.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bundle/etl-cycle.js')) {
    process.stderr.write('etl-cycle: the CLI is not built yet; run `npm run build` in the etl-cycle checkout.\n');
    process.exit(2);
  }
  throw error;
});
