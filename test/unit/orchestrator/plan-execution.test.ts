/**
 * Planning an execution: selection with dependencies, worker count from flags, the workflow
 * and ETL_CYCLE_MAX_WORKERS, the timeout factor, resume, and the usage errors; the dry-run text.
 */
import { describe, expect, it } from 'vitest';
import { TasksConfigError, UsageError } from '../../../core/errors.js';
import { formatPlan } from '../../../orchestrator/format-plan.js';
import { planExecution } from '../../../orchestrator/plan-execution.js';
import type { PlanOptions } from '../../../orchestrator/plan-execution.js';
import { readOrchestratorEnv } from '../../../orchestrator/read-orchestrator-env.js';
import type { OrchestrationReport } from '../../../orchestrator/types.js';
import { configWith } from './fixtures.js';

const config = configWith(`tasks:
  users: { exec: { service: db, command: "psql -f /sql/users.sql" }, category: infrastructure, timeout: 1m }
  schema: { exec: { service: db, command: [psql, -f, /sql/schema.sql] }, depends_on: [users], retries: 2 }
  extract_a: { run: [node, a.mjs], depends_on: [schema], category: extraction }
  extract_b: { run: [node, b.mjs], depends_on: [schema], category: extraction }
  post: { http: { method: POST, url: "http://sink/x", body_file: out.json }, depends_on: [extract_a, extract_b], critical: false }
  unrelated: { run: "true" }
workflows:
  full: { tasks: [post], parallel: true, max_workers: 3, description: everything }
  serial: { tasks: [extract_a] }`);

const plan = (overrides: Partial<PlanOptions> = {}) =>
  planExecution({ config, selection: { workflow: 'full' }, flags: {}, env: { timeoutFactor: 1 }, ...overrides });

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('planExecution', () => {
  it('runs a workflow with its dependencies, in order, with its parallel groups and settings', () => {
    const p = plan();
    expect(p.requested).toEqual(['post']);
    expect(p.order).toEqual(['users', 'schema', 'extract_a', 'extract_b', 'post']);
    expect(p.tasks.map((t) => t.id)).toEqual(p.order);
    expect(p.groups).toEqual([['users'], ['schema'], ['extract_a', 'extract_b'], ['post']]);
    expect(p).toMatchObject({ parallel: true, maxWorkers: 3, continueOnFailure: false, timeoutFactor: 1 });
  });

  it('runs named tasks with their dependencies, one at a time unless asked', () => {
    const p = plan({ selection: { tasks: ['extract_b', 'unrelated'] } });
    expect(p.order).toEqual(['users', 'schema', 'extract_b', 'unrelated']);
    expect(p.workflow).toBeUndefined();
    expect(p).toMatchObject({ parallel: false, maxWorkers: 1 });
  });

  it('takes the worker count from --max-workers (which implies --parallel), else the workflow, else 4', () => {
    expect(plan({ flags: { maxWorkers: 2 } }).maxWorkers).toBe(2);
    expect(plan({ selection: { workflow: 'serial' } }).maxWorkers).toBe(1);
    expect(plan({ selection: { workflow: 'serial' }, flags: { maxWorkers: 5 } })).toMatchObject({ parallel: true, maxWorkers: 5 });
    expect(plan({ selection: { workflow: 'serial' }, flags: { parallel: true } }).maxWorkers).toBe(4);
    expect(plan({ flags: { parallel: false } })).toMatchObject({ parallel: false, maxWorkers: 1 });
  });

  it('lets ETL_CYCLE_MAX_WORKERS lower the worker count but never raise it, and scales timeouts by the factor', () => {
    expect(plan({ env: { timeoutFactor: 1, maxWorkers: 2 } }).maxWorkers).toBe(2);
    expect(plan({ env: { timeoutFactor: 1, maxWorkers: 10 } }).maxWorkers).toBe(3);
    expect(plan({ env: { timeoutFactor: 2.5 } }).timeoutFactor).toBe(2.5);
  });

  it('resumes: tasks that succeeded in the earlier execution are carried, and its selection is reused', () => {
    const earlier = {
      execution_id: '20260101_120000_abcd',
      workflow: 'full',
      requested_tasks: ['post'],
      tasks: {
        users: { status: 'succeeded' },
        schema: { status: 'succeeded' },
        extract_a: { status: 'failed' },
        unrelated: { status: 'succeeded' },
      },
    } as unknown as OrchestrationReport;
    const p = plan({ selection: {}, resumeFrom: earlier });
    expect(p.workflow?.name).toBe('full');
    expect(p.resume?.executionId).toBe('20260101_120000_abcd');
    expect([...p.resume!.succeeded]).toEqual(['users', 'schema']);
  });

  it('resumes without what opts out (resume: false), nor anything depending on it', () => {
    const optOut = configWith(`tasks:
  refresh_token: { run: "true", resume: false }
  extract: { run: "true", depends_on: [refresh_token] }
  schema: { run: "true" }
  load: { run: "true", depends_on: [schema] }
  report: { run: "true", depends_on: [load, extract] }
workflows:
  all: { tasks: [report] }`);
    const earlier = {
      execution_id: '20260101_120000_abcd',
      tasks: {
        refresh_token: { status: 'succeeded' },
        extract: { status: 'succeeded' },
        schema: { status: 'succeeded' },
        load: { status: 'succeeded' },
        report: { status: 'failed' },
      },
    } as unknown as OrchestrationReport;
    const p = planExecution({ config: optOut, selection: { workflow: 'all' }, flags: {}, env: { timeoutFactor: 1 }, resumeFrom: earlier });
    expect([...p.resume!.succeeded]).toEqual(['schema', 'load']);
  });

  it('reads the execution id and the logs folder the agent sets', () => {
    expect(readOrchestratorEnv({ ETL_CYCLE_ORCHESTRATION_ID: '20260101_120000_abcd', ETL_CYCLE_LOG_DIR: '/tmp/logs' })).toMatchObject({
      executionId: '20260101_120000_abcd',
      logsDir: '/tmp/logs',
    });
    expect(() => readOrchestratorEnv({ ETL_CYCLE_ORCHESTRATION_ID: '../../x' })).toThrow(
      /ETL_CYCLE_ORCHESTRATION_ID "..\/..\/x": not an execution id/,
    );
  });

  it('rejects a missing or double selection and unknown names, with what exists', () => {
    expect(thrown(() => plan({ selection: {} }))).toBeInstanceOf(UsageError);
    expect(thrown(() => plan({ selection: { workflow: 'full', tasks: ['users'] } })).message).toBe('give --workflow or --tasks, not both');
    expect(thrown(() => plan({ selection: { workflow: 'ful' } })).message).toBe(
      '--workflow: no workflow "ful" in /p/etl-cycle.yaml (did you mean "full"?)',
    );
    expect(thrown(() => plan({ selection: { tasks: ['users', 'extract_c'] } })).message).toContain('--tasks: no task "extract_c"');
    const empty = configWith('');
    const error = thrown(() => planExecution({ config: empty, selection: { tasks: ['a'] }, flags: {}, env: { timeoutFactor: 1 } }));
    expect(error).toBeInstanceOf(TasksConfigError);
    expect(error.message).toContain('no tasks are declared');
  });
});

describe('formatPlan (the dry run)', () => {
  it('shows the order, what each task runs, its scaled timeout, retries, criticality and the groups', () => {
    const text = formatPlan(plan({ env: { timeoutFactor: 2 } }));
    expect(text).toContain(
      'dry run — nothing is run. workflow full: 5 task(s), parallel, up to 3 at once; a failed critical task stops the run.',
    );
    expect(text).toMatch(/1\.\s+users\s+\[infrastructure\]\s+timeout 2m 00s\n\s+exec in db: psql -f \/sql\/users.sql\n/);
    expect(text).toMatch(
      /2\.\s+schema\s+\[utility\]\s+timeout 1h 00m 00s; 2 retries; after users\n\s+exec in db: psql -f \/sql\/schema.sql\n/,
    );
    expect(text).toMatch(
      /5\.\s+post\s+\[utility\]\s+timeout .*; not critical; after extract_a, extract_b\n\s+POST http:\/\/sink\/x with \/p\/out.json\n/,
    );
    expect(text).toContain('  3: extract_a, extract_b\n');
  });
});

describe('readOrchestratorEnv', () => {
  it('reads the agent variables, defaulting to no change', () => {
    expect(readOrchestratorEnv({})).toEqual({
      timeoutFactor: 1,
      maxWorkers: undefined,
      parentExecutionId: undefined,
      iteration: undefined,
    });
    expect(
      readOrchestratorEnv({
        ETL_CYCLE_TIMEOUT_FACTOR: '2.5',
        ETL_CYCLE_MAX_WORKERS: '2',
        ETL_CYCLE_EXECUTION_ID: '20260101_120000_abcd',
        ETL_CYCLE_ITERATION: '3',
      }),
    ).toEqual({ timeoutFactor: 2.5, maxWorkers: 2, parentExecutionId: '20260101_120000_abcd', iteration: 3 });
  });

  it('rejects values that are not positive numbers, naming the variable', () => {
    expect(thrown(() => readOrchestratorEnv({ ETL_CYCLE_TIMEOUT_FACTOR: 'fast' })).message).toBe(
      'ETL_CYCLE_TIMEOUT_FACTOR="fast": expected a number above 0; unset it or fix the value',
    );
    expect(thrown(() => readOrchestratorEnv({ ETL_CYCLE_MAX_WORKERS: '1.5' })).message).toContain(
      'ETL_CYCLE_MAX_WORKERS="1.5": expected a whole number above 0',
    );
    expect(thrown(() => readOrchestratorEnv({ ETL_CYCLE_MAX_WORKERS: '0' }))).toBeInstanceOf(UsageError);
  });
});
