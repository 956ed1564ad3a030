import { describe, expect, it } from 'vitest';
import { executionEndFrom, iterationRowFrom, mainClassOf, taskRowsFrom } from '../../../history/build-rows.js';
import type { CycleFacts, OrchestrationFacts, RunFacts, TaskFacts } from '../../../history/build-rows.js';

function cycle(overrides: Partial<CycleFacts> = {}): CycleFacts {
  return {
    iteration: 1,
    status: 'failed',
    start_time: '2026-01-01T10:00:00.000Z',
    end_time: '2026-01-01T10:00:12.500Z',
    duration_seconds: 12.5,
    failed_phase: 'rebuild',
    primary_class: 'connection_refused',
    failed_task: null,
    matches: [
      { class: 'connection_refused', pattern: 'network.refused', source: 'readiness', line: 3, text: 'dial tcp: connection refused' },
    ],
    adjustments: ['raise the readiness deadline of web from 2.0s to 4.0s'],
    adjustment_details: [{ kind: 'retry' }, { kind: 'raise_readiness_timeout' }],
    orchestrator_exit_code: null,
    orchestrator_timed_out: false,
    phases: { snapshot: 0.01, cleanup: 0.2, rebuild: 12.25 },
    plan: { orchestrator_timeout_seconds: 1800 },
    services: [{ service: 'web', ready: false, ready_after_seconds: null }],
    diagnosis: null,
    ...overrides,
  };
}

function task(overrides: Partial<TaskFacts> & { task_id: string }): TaskFacts {
  return { status: 'succeeded', attempts: 1, start_time: '2026-01-01T10:00:01.000Z', duration: 1.25, error: null, ...overrides };
}

describe('iterationRowFrom', () => {
  it('keeps phases, classes with their matched line, adjustments by kind (the bare retry is not one) and readiness', () => {
    const row = iterationRowFrom(cycle(), []);
    expect(row).toMatchObject({
      iteration: 1,
      state: 'failed',
      startedAt: Date.parse('2026-01-01T10:00:00.000Z'),
      durationMs: 12_500,
      phases: { snapshot: 10, cleanup: 200, rebuild: 12_250, orchestrate: null, validate: null, backoff: null },
      primaryClass: 'connection_refused',
      adjustments: [{ kind: 'raise_readiness_timeout', description: 'raise the readiness deadline of web from 2.0s to 4.0s' }],
      services: [{ service: 'web', ready: false, readyAfterMs: null }],
    });
    expect(row.matches).toEqual([
      { class: 'connection_refused', pattern: 'network.refused', source: 'readiness', line: 3, text: 'dial tcp: connection refused' },
    ]);
  });

  it('every free text goes through the masker', () => {
    const secret = 'hunter2';
    const row = iterationRowFrom(
      cycle({
        matches: [{ class: 'auth', pattern: 'p', source: null, line: 1, text: `password ${secret} rejected` }],
        adjustments: [`retry with ${secret}`],
        adjustment_details: [{ kind: 'retry_with' }],
        diagnosis: `login ${secret} failed`,
      }),
      [{ execution_id: 'o1', tasks: { load: task({ task_id: 'load', status: 'failed', error: `exit code 1: ${secret}` }) } }],
      (text) => text.replaceAll(secret, '***'),
    );
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.tasks[0]!.error).toBe('exit code 1: ***');
  });

  it('caps matched lines per iteration', () => {
    const matches = Array.from({ length: 60 }, (_, i) => ({ class: 'x', pattern: 'p', source: null, line: i, text: 't' }));
    expect(iterationRowFrom(cycle({ matches }), []).matches).toHaveLength(20);
  });
});

describe('taskRowsFrom', () => {
  it('tasks that ran, with exit codes from the error text and row counts when reported', () => {
    const orchestration: OrchestrationFacts = {
      execution_id: '20260101_100001_abcd',
      tasks: {
        extract: task({ task_id: 'extract', rows_read: 1200, rows_written: 1190, rows_rejected: 10 }),
        load: task({ task_id: 'load', status: 'failed', attempts: 3, error: 'exit code 3', duration: 4 }),
        report: task({ task_id: 'report', status: 'pending', start_time: null, duration: null, attempts: 0 }),
        carried: task({ task_id: 'carried', status: 'succeeded', attempts: 0, start_time: null, duration: null }),
        skipped: task({
          task_id: 'skipped',
          status: 'skipped',
          attempts: 0,
          start_time: null,
          duration: null,
          error: 'dependency load failed',
        }),
      },
    };
    const rows = taskRowsFrom(orchestration);
    expect(rows.map((r) => r.taskId)).toEqual(['extract', 'load', 'skipped']);
    expect(rows[0]).toMatchObject({
      orchestrationId: '20260101_100001_abcd',
      durationMs: 1250,
      rowsRead: 1200,
      rowsWritten: 1190,
      rowsRejected: 10,
      exitCode: null,
    });
    expect(rows[1]).toMatchObject({ status: 'failed', attempts: 3, exitCode: 3, durationMs: 4000, rowsRead: null });
  });
});

describe('executionEndFrom', () => {
  const report = (overrides: Partial<RunFacts>): RunFacts => ({
    stop_reason: 'success',
    start_time: '2026-01-01T10:00:00.000Z',
    end_time: '2026-01-01T10:01:00.000Z',
    total_duration_seconds: 60,
    time_to_green_seconds: 60,
    iterations_executed: 2,
    overall_success: true,
    diagnosis: null,
    cycles: [cycle({ phases: { snapshot: 0.1, backoff: 2.5 } }), cycle({ iteration: 2, status: 'success', primary_class: null })],
    ...overrides,
  });

  it('state, main class and the backoff each iteration really waited', () => {
    expect(executionEndFrom(report({}))).toMatchObject({
      state: 'success',
      stopReason: 'success',
      durationMs: 60_000,
      timeToGreenMs: 60_000,
      iterations: 2,
      mainClass: 'connection_refused',
      backoffMs: { 1: 2500 },
    });
  });

  it('maps stop reasons to states', () => {
    expect(executionEndFrom(report({ overall_success: false, stop_reason: 'aborted' })).state).toBe('aborted');
    expect(executionEndFrom(report({ overall_success: false, stop_reason: 'stuck' })).state).toBe('failed');
    expect(executionEndFrom(report({ overall_success: false, stop_reason: 'interrupted' })).state).toBe('interrupted');
  });

  it('the main class is the last failed iteration’s', () => {
    expect(mainClassOf([cycle({ primary_class: 'oom' }), cycle({ iteration: 2, primary_class: 'dns' })])).toBe('dns');
    expect(mainClassOf([cycle({ status: 'success', primary_class: null })])).toBeNull();
  });
});
