/** The Node.js running etl-cycle against what package.json's `engines` asks for. */
import { fail, ok } from './doctor-check.js';
import type { CheckResult } from './doctor-check.js';

export function checkNode(version: string, required: string | undefined): CheckResult {
  const minimum = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(required ?? '');
  const current = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!minimum || !current) return ok('node', version);
  const [a, b] = [current.slice(1).map(Number), minimum.slice(1).map((n) => Number(n ?? 0))];
  for (let i = 0; i < 3; i += 1) {
    if (a[i]! > b[i]!) break;
    if (a[i]! < b[i]!) return fail('node', `${version}; etl-cycle needs ${required}: install a newer Node.js`);
  }
  return ok('node', `${version} (needs ${required})`);
}
