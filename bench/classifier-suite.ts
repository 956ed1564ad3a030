/**
 * The classifier-throughput suite (bench/classifier/, etl-cycle's classifier vs grep vs a naive
 * baseline on a generated ETL log), run from the same `npm run bench` and shown as a table.
 */
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClassifierBench } from './classifier/run-classifier-bench.js';
import { startupVerdict } from './classifier/run-classifier-bench.js';
import type { ClassifierBenchResult } from './classifier/run-classifier-bench.js';
import { formatMarkdownTable } from './support/markdown-table.js';

export async function runClassifierSuite(sizeBytes: number, sessionId: string): Promise<ClassifierBenchResult> {
  const workDir = join(tmpdir(), `etl-cycle-bench-classifier-${sessionId}`);
  try {
    // The naive baseline only sets the scale (it reads ~10 MB/s); 20 s of it is enough to measure.
    return await runClassifierBench({ sizeBytes, workDir, naiveMaxSeconds: 20 });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

export function formatClassifierTable(result: ClassifierBenchResult): string {
  const MiB = 1024 * 1024;
  const rows = result.results.map((r) => [
    r.tool,
    `${r.seconds.toFixed(2)} s`,
    `${r.mbPerSecond.toFixed(0)} MB/s`,
    r.maxRssMb === undefined ? 'n/a' : `${r.maxRssMb.toFixed(0)} MiB`,
    String(r.matchedLines),
    r.note ?? '',
  ]);
  return [
    `Log: ${(result.log.bytes / MiB).toFixed(0)} MiB, ${result.log.lines} lines, ${result.log.failures} planted failures; ${result.patterns} patterns.`,
    '',
    formatMarkdownTable(['tool', 'wall time', 'throughput', 'peak RSS', 'lines matched', 'notes'], rows, [
      'left',
      'right',
      'right',
      'right',
      'right',
      'left',
    ]),
    '',
    `etl-cycle / grep throughput: ${result.ratioToGrep.toFixed(2)}` +
      (result.patterns > result.grepPatterns
        ? ` (grep ran ${result.grepPatterns} of ${result.patterns} patterns; the rest use what ERE cannot express).`
        : '.'),
    ...(result.startup.length === 0
      ? []
      : [
          '',
          formatMarkdownTable(
            ['start-up (1 KiB log)', 'median', 'min', 'max', 'runs'],
            result.startup.map((r) => [
              r.command,
              `${(r.seconds.median * 1000).toFixed(0)} ms`,
              `${(r.seconds.min * 1000).toFixed(0)} ms`,
              `${(r.seconds.max * 1000).toFixed(0)} ms`,
              String(r.samples),
            ]),
            ['left', 'right', 'right', 'right', 'right'],
          ),
          '',
          `${startupVerdict(result.startup)}.`,
        ]),
  ].join('\n');
}
