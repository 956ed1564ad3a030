/** Resume or run the whole workflow again: the planner's rule, and how it shows in its decision. */
import { describe, expect, it } from 'vitest';
import type { OrchestrationSummary } from '../../../agent/orchestration-summary.js';
import { decideResume } from '../../../agent/plan-resume.js';
import type { ResumeSettings } from '../../../agent/plan-resume.js';
import { decideNext } from '../../../agent/planner.js';
import type { ContainerState } from '../../../docker/types.js';
import { facts, input, match, plan, services, settings } from './planner-fixtures.js';

// extract ← transform ← load ← report; refresh (opted out) stands apart.
const tasks: ResumeSettings['tasks'] = [
  { id: 'extract', dependsOn: [], resume: true },
  { id: 'transform', dependsOn: ['extract'], resume: true },
  { id: 'load', dependsOn: ['transform'], resume: true },
  { id: 'report', dependsOn: ['load'], resume: true },
  { id: 'refresh', dependsOn: [], resume: false },
];
const resumeSettings: ResumeSettings = { mode: 'auto', builtinOrchestrator: true, freshVolumes: false, tasks };

const orchestration = (overrides: Partial<OrchestrationSummary> = {}): OrchestrationSummary => ({
  executionId: '20261203_120000_abcd',
  resumedFrom: null,
  reused: [],
  succeeded: ['extract', 'transform', 'refresh'],
  failed: ['load'],
  notRun: ['report'],
  ...overrides,
});

const running = (service: string, extra: Partial<ContainerState> = {}): ContainerState => ({
  service,
  containerName: `p-${service}-1`,
  containerId: `id-${service}`,
  running: true,
  status: 'running',
  exitCode: null,
  oomKilled: false,
  health: 'healthy',
  restartCount: 0,
  ...extra,
});

const upstream = (extra: Parameters<typeof facts>[2] = {}) =>
  facts('upstream_error', match('upstream_error', { task: 'load' }), {
    orchestration: orchestration(),
    containers: [running('db')],
    ...extra,
  });

function decide(
  f = upstream(),
  overrides: { settings?: Partial<ResumeSettings>; next?: Parameters<typeof plan>[0]; adjustments?: never[] } = {},
) {
  return decideResume({
    facts: f,
    next: plan(overrides.next),
    adjustments: overrides.adjustments ?? [{ kind: 'retry' } as never],
    services,
    settings: { ...resumeSettings, ...overrides.settings },
  });
}

describe('decideResume', () => {
  it('resumes after an upstream error: the green tasks are reused, the opted-out one is not', () => {
    expect(decide()).toEqual({
      resume: true,
      adjustment: { kind: 'resume_orchestration', executionId: '20261203_120000_abcd', reused: ['extract', 'transform'] },
    });
  });

  it('resumes a resumed execution: what it reused counts as green again', () => {
    const chained = upstream({ orchestration: orchestration({ reused: ['extract', 'transform'], succeeded: [], resumedFrom: 'x' }) });
    expect(decide(chained)).toMatchObject({ resume: true, adjustment: { reused: ['extract', 'transform'] } });
  });

  it('resumes after a task timeout, a lock, a refused connection, a crash', () => {
    for (const cls of ['timeout', 'deadlock', 'connection_refused', 'crash', 'too_many_connections'] as const) {
      expect(decide(facts(cls, match(cls), { orchestration: orchestration() })).resume, cls).toBe(true);
    }
  });

  it('runs everything again when the failure may have broken what the green tasks wrote', () => {
    for (const cls of ['missing_table', 'constraint_violation', 'already_exists', 'unknown'] as const) {
      expect(decide(facts(cls, cls === 'unknown' ? undefined : match(cls), { orchestration: orchestration() })), cls).toMatchObject({
        resume: false,
        why: `${cls} may have left the green tasks' results invalid`,
      });
    }
  });

  it('runs everything again when the services the tasks wrote to will not be the same', () => {
    expect(decide(upstream(), { next: { rebuild: 'clean' } })).toEqual({
      resume: false,
      why: 'the next iteration starts from a clean slate',
    });
    expect(decide(upstream(), { settings: { freshVolumes: true } })).toMatchObject({
      resume: false,
      why: expect.stringMatching(/fresh_volumes/),
    });
    const raised = [{ kind: 'raise_memory', service: 'db', fromBytes: 1, toBytes: 2 } as never];
    expect(decide(upstream(), { adjustments: raised })).toEqual({
      resume: false,
      why: 'the next iteration changes services or data (raise_memory)',
    });
    const dead = upstream({ containers: [running('db', { running: false, status: 'exited', exitCode: 1 })] });
    expect(decide(dead)).toEqual({ resume: false, why: 'db is exited with code 1: the rebuild recreates it' });
    const replaced = upstream({
      stackChanges: [
        { kind: 'replaced', service: 'db', containerName: 'p-db-1', containerId: 'a', replacedBy: 'b', detail: 'db was replaced' },
      ],
    });
    expect(decide(replaced)).toEqual({ resume: false, why: 'the stack changed while the orchestrator ran (db was replaced)' });
    const unhealthy = upstream({ containers: [running('db', { health: 'unhealthy' })] });
    expect(decide(unhealthy)).toEqual({ resume: false, why: 'db is unhealthy: the rebuild recreates it' });
  });

  it('keeps resuming with a one-shot service that completed', () => {
    const migrated = upstream({ containers: [running('migrate', { running: false, status: 'exited', exitCode: 0 })] });
    const withMigrate = {
      ...plan(),
      readiness: { ...plan().readiness, migrate: { strategy: { type: 'completed' as const }, timeoutMs: 1, settleMs: 0 } },
    };
    expect(decideResume({ facts: migrated, next: withMigrate, adjustments: [], services, settings: resumeSettings }).resume).toBe(true);
  });

  it('does not resume when it cannot or may not', () => {
    expect(decide(upstream(), { settings: { mode: 'never' } })).toEqual({ resume: false, why: 'orchestrator.resume is never' });
    expect(decide(upstream(), { settings: { builtinOrchestrator: false } })).toMatchObject({ resume: false });
    expect(decide(upstream({ phase: 'validate' }))).toMatchObject({
      resume: false,
      why: 'the failure was in the validate phase, not in a task',
    });
    expect(decide(upstream({ orchestration: undefined }))).toEqual({ resume: false, why: 'the orchestration left no report' });
    const nothingGreen = upstream({
      orchestration: orchestration({ succeeded: ['refresh'], failed: ['extract'], notRun: ['transform', 'load', 'report'] }),
    });
    expect(decide(nothingGreen)).toEqual({ resume: false, why: 'no task that can be reused was green' });
  });
});

describe('the planner with resume', () => {
  const withResume = { ...settings, resume: resumeSettings };

  it('a plain retry after an upstream error backs off and resumes the execution', () => {
    const decision = decideNext(input(upstream(), plan(), [], withResume));
    expect(decision).toMatchObject({
      action: 'retry',
      adjustments: [{ kind: 'retry' }, { kind: 'resume_orchestration', reused: ['extract', 'transform'] }],
      plan: { resumeFrom: '20261203_120000_abcd' },
    });
  });

  it('says why it does not resume', () => {
    const decision = decideNext(input(upstream({ containers: [running('db', { health: 'unhealthy' })] }), plan(), [], withResume));
    expect(decision).toMatchObject({ action: 'retry', noResume: 'db is unhealthy: the rebuild recreates it' });
    expect(decision.action === 'retry' && decision.plan.resumeFrom).toBeUndefined();
  });
});
