#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (run `npm run build` after a checkout).
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs (in the OS temp folder): a start-up then skips most
// of the compiling. Older Node has no such cache; nothing changes there.
module.enableCompileCache?.();

import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('etl-cycle: the CLI is not built yet; run `npm run build` in the etl-cycle checkout.\n');
    process.exit(2);
  }
  throw error;
});
