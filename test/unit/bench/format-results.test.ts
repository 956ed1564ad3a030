import { describe, expect, it } from 'vitest';
import { formatResults } from '../../../bench/format-results.js';
import type { BenchResults } from '../../../bench/format-results.js';
import { parseBenchArgs } from '../../../bench/parse-bench-args.js';
import { createContenders } from '../../../bench/time-to-green/contenders.js';
import { SCENARIOS } from '../../../bench/time-to-green/scenarios.js';
import { summarizeTimeToGreen } from '../../../bench/time-to-green/summarize-runs.js';
import type { Outcome, RunRecord } from '../../../bench/time-to-green/types.js';

const rec = (scenario: string, contender: string, outcome: Outcome, seconds: number, iterations = 1): RunRecord => ({
  round: 1,
  scenario,
  stack: 'warehouse',
  contender,
  fault: `fault of ${scenario}`,
  outcome,
  iterations,
  detail: null,
  seconds,
  log: null,
});

const machine = {
  cpu: 'Test CPU',
  cores: 2,
  memoryGiB: 24,
  kernel: 'Linux 6',
  node: 'Node.js v20',
  engine: 'Docker Engine 20.10',
  compose: 'docker-compose 1.29.2',
};

function results(records: RunRecord[]): BenchResults {
  const scenarios = SCENARIOS.filter((s) => s.id === 'no-fault' || s.id === 'half-made-schema');
  const contenders = createContenders(2);
  return {
    startedAt: '2026-11-22T06:00:00.000Z',
    durationSeconds: 600,
    command: 'npm run bench',
    options: parseBenchArgs([], []),
    machine,
    notes: [],
    timeToGreen: {
      scenarios,
      contenders,
      records,
      summary: summarizeTimeToGreen(
        records,
        scenarios.map((s) => s.id),
        contenders.map((c) => c.id),
      ),
    },
    startup: [{ command: 'etl-cycle --help', samples: 3, seconds: { median: 0.6, min: 0.58, max: 0.7, count: 3 } }],
  };
}

describe('formatResults', () => {
  const text = formatResults(
    results([
      rec('floor', 'floor', 'green', 2),
      rec('floor', 'floor', 'green', 2),
      rec('no-fault', 'etl-cycle', 'green', 3),
      rec('no-fault', 'compose-retry-loop', 'green', 3.5),
      rec('no-fault', 'predecessor', 'green', 9),
      rec('half-made-schema', 'etl-cycle', 'green', 8, 2),
      rec('half-made-schema', 'compose-retry-loop', 'green', 4),
      rec('half-made-schema', 'predecessor', 'green', 9),
    ]),
  );

  it('heads the document with the date, the machine and the command', () => {
    expect(text).toMatch(/^# etl-cycle benchmark, 2026-11-22 06:00 UTC\n/);
    expect(text).toContain('- Machine: 2 × Test CPU, 24 GiB RAM, Linux 6, Node.js v20, Docker Engine 20.10, docker-compose 1.29.2');
    expect(text).toContain('- Command: `npm run bench`');
    expect(text).toContain('- Full mode, seed 5, 3 round(s) of the time-to-green suite; took 10.0 min');
  });

  it('names the scenarios where etl-cycle was not the best, and only those', () => {
    expect(text).toContain(
      'etl-cycle was not the best in:\n\n- half-made schema in the data volume: compose retry loop ×2.00 green, etl-cycle ×4.00 green (2 iterations).',
    );
    expect(text).not.toMatch(/^- no fault \(pure overhead\):/m);
  });

  it("has every section, the faults as drawn and the contenders' settings", () => {
    for (const heading of [
      '## Time to green',
      '### Every figure',
      '### The faults, as drawn',
      '### The contenders',
      "## etl-cycle's own cost",
      '## Start-up',
    ]) {
      expect(text).toContain(`\n${heading}\n`);
    }
    expect(text).toContain('- **half-made schema in the data volume**: fault of half-made-schema');
    expect(text).toContain('2 attempts (3 on the flaky upstream), 10 s between them');
    // no-fault has a target: ×1.5 of the floor misses ×1.15.
    expect(text).toContain("\n### etl-cycle's targets\n");
    expect(text).toMatch(/\| no fault \(pure overhead\) +\| ≤ ×1\.15 the floor \(2\.3 s\) +\| ×1\.50 \(3\.0 s\), green +\| \*\*no\*\* \|/);
    expect(text).toMatch(/^\| etl-cycle --help \| +3 \| +600 ms \(580–700 ms\) \|$/m);
    expect(text).not.toContain('## Classifier throughput');
  });
});
