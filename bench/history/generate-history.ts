/**
 * A realistic, reproducible ledger for the history benchmark: executions spread over the last
 * weeks, mostly green (a third of them after a retry), some failed, a few aborted or
 * interrupted; two services and three built-in orchestrator tasks per iteration, matched lines
 * and an adjustment on every failed iteration — what a nightly-plus-CI pipeline leaves behind.
 */
import { newExecutionId } from '../../core/execution-id.js';
import type { ExecutionDetail, ExecutionState, IterationRow } from '../../history/types.js';
import { randomInt } from '../support/seeded-random.js';
import type { Random } from '../support/seeded-random.js';

const CLASSES = ['connection_refused', 'service_starting', 'oom', 'timeout', 'dns', 'auth_failed', 'missing_table'];
const TASKS = ['extract', 'transform', 'load'];

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function iterationOf(random: Random, n: number, at: number, green: boolean, executionId: string): IterationRow {
  const ready = { db: randomInt(random, 2_000, 9_000), web: randomInt(random, 300, 2_000) };
  const taskMs = TASKS.map(() => randomInt(random, 200, 20_000));
  const orchestrate = taskMs.reduce((a, b) => a + b, 0) + 400;
  const duration = ready.db + orchestrate + 1_500;
  const failedClass = green ? null : pick(random, CLASSES);
  const failing = green ? -1 : randomInt(random, 0, TASKS.length - 1);
  return {
    iteration: n,
    state: green ? 'success' : 'failed',
    startedAt: at,
    endedAt: at + duration,
    durationMs: duration,
    failedPhase: green ? null : 'orchestrate',
    primaryClass: failedClass,
    failedTask: green ? null : TASKS[failing]!,
    phases: {
      snapshot: 15,
      cleanup: 600,
      rebuild: ready.db + 500,
      orchestrate,
      validate: green ? 40 : null,
      backoff: green ? null : 2_000,
    },
    orchestratorExitCode: green ? 0 : 1,
    orchestratorTimedOut: false,
    adjustments: green ? [] : [{ kind: 'raise_readiness_timeout', description: 'raise the readiness deadline of db from 60s to 2m 00s' }],
    plan: { readiness: { db: { strategy: 'healthcheck', timeout_seconds: 60, settle_seconds: 0 } }, orchestrator_timeout_seconds: 1800 },
    diagnosis: null,
    matches: green
      ? []
      : Array.from({ length: randomInt(random, 1, 3) }, (_, i) => ({
          class: failedClass!,
          pattern: `${failedClass}.pattern`,
          source: 'orchestrator',
          line: 40 + i,
          text: `[${TASKS[failing]}] psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused (${i})`,
        })),
    services: [
      { service: 'db', ready: true, readyAfterMs: ready.db },
      { service: 'web', ready: true, readyAfterMs: ready.web },
    ],
    tasks: TASKS.map((taskId, i) => ({
      taskId,
      orchestrationId: `${executionId.slice(0, 16)}o${n}${i}`.slice(0, 20),
      status: i === failing ? 'failed' : i > failing && failing >= 0 ? 'skipped' : 'succeeded',
      attempts: i === failing ? 3 : 1,
      startedAt: at + 1_000,
      durationMs: i > failing && failing >= 0 ? null : taskMs[i]!,
      exitCode: i === failing ? 1 : null,
      error: i === failing ? 'exit code 1' : null,
      rowsRead: taskId === 'load' ? randomInt(random, 1_000, 100_000) : null,
      rowsWritten: taskId === 'load' ? randomInt(random, 1_000, 100_000) : null,
      rowsRejected: taskId === 'load' ? randomInt(random, 0, 50) : null,
    })),
  };
}

/** `count` executions of `project`, oldest first, started within the `spanMs` before `now`. */
export function* generateExecutions(
  count: number,
  project: string,
  random: Random,
  now: number,
  spanMs: number,
): Generator<ExecutionDetail> {
  const seen = new Set<string>();
  for (let index = 0; index < count; index += 1) {
    const startedAt = now - spanMs + Math.floor((index / count) * spanMs);
    let id = newExecutionId(new Date(startedAt));
    while (seen.has(id)) id = newExecutionId(new Date(startedAt));
    seen.add(id);
    const roll = random();
    const state: ExecutionState = roll < 0.8 ? 'success' : roll < 0.95 ? 'failed' : roll < 0.98 ? 'aborted' : 'interrupted';
    const iterations =
      state === 'success' ? (random() < 0.3 ? randomInt(random, 2, 3) : 1) : state === 'failed' ? randomInt(random, 3, 5) : 1;
    const rows: IterationRow[] = [];
    let at = startedAt;
    for (let n = 1; n <= iterations; n += 1) {
      const row = iterationOf(random, n, at, state === 'success' && n === iterations, id);
      rows.push(row);
      at = row.endedAt + 2_000;
    }
    const duration = at - startedAt;
    yield {
      id,
      project,
      state,
      stopReason: state === 'success' ? 'success' : state === 'failed' ? 'max_iterations' : state,
      trigger: pick(random, ['ci', 'ci', 'ci', 'schedule', 'hook', 'manual'] as const),
      startedAt,
      endedAt: at,
      durationMs: duration,
      timeToGreenMs: state === 'success' ? duration : null,
      iterations,
      maxIterations: 5,
      mainClass: [...rows].reverse().find((r) => r.primaryClass)?.primaryClass ?? null,
      diagnosis: state === 'failed' ? 'the stack did not come up green in 5 iteration(s)' : null,
      gitSha:
        randomInt(random, 0, 2 ** 31)
          .toString(16)
          .padStart(8, '0') + 'deadbeefcafe0123456789abcdef01234567',
      gitBranch: 'main',
      host: `runner-${randomInt(random, 1, 8)}`,
      pid: randomInt(random, 100, 60_000),
      version: '0.1.0',
      configHash: '0123456789ab',
      reportFile: `/work/logs/auto_cycle_report_${id}.json`,
      orchestratorPgid: randomInt(random, 100, 60_000),
      iterationRows: rows,
    };
  }
}
