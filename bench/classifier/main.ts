/**
 * Standalone entry of the classifier benchmark (`npm run bench:classifier` runs it on a 200 MiB
 * log, in a few minutes, without the Docker suites):
 *   node dist/bench/classifier/main.js [--size 1g|200m|...] [--quick] [--startup-samples N] [--work-dir DIR]
 *     [--keep-log] [--json] [PACK ...]
 * Extra pattern packs (given as arguments or with --patterns) are given to classify as user packs.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_BENCH_BYTES, formatClassifierBench, QUICK_BENCH_BYTES, runClassifierBench } from './run-classifier-bench.js';

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)i?b?$/i.exec(text.trim());
  const factor = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  if (!match || factor === undefined) throw new Error(`--size: expected a size such as 1g or 256m, got "${text}"`);
  return Math.round(Number(match[1]) * factor);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    size: { type: 'string' },
    quick: { type: 'boolean', default: false },
    'work-dir': { type: 'string' },
    patterns: { type: 'string', multiple: true },
    'keep-log': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'startup-samples': { type: 'string' },
  },
});

const sizeBytes = values.size ? parseSize(values.size) : values.quick ? QUICK_BENCH_BYTES : DEFAULT_BENCH_BYTES;
const result = await runClassifierBench({
  sizeBytes,
  workDir: values['work-dir'] ?? join(tmpdir(), 'etl-cycle-bench-classifier'),
  packs: [...(values.patterns ?? []), ...positionals],
  keepLog: values['keep-log'],
  startupSamples: values['startup-samples'] === undefined ? (values.quick ? 10 : 15) : Number(values['startup-samples']),
});
process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatClassifierBench(result)}\n`);
