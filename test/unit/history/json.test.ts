import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import { detailFromJson, detailToJson, windowRunFromJson, windowRunToJson } from '../../../history/json.js';
import type { WindowRun } from '../../../history/windows.js';
import type { ExecutionDetail } from '../../../history/types.js';

const detail: ExecutionDetail = {
  id: '20260101_100000_abcd',
  project: 'shop',
  state: 'success',
  stopReason: 'success',
  trigger: 'ci',
  startedAt: Date.parse('2026-01-01T10:00:00.000Z'),
  endedAt: Date.parse('2026-01-01T10:01:30.000Z'),
  durationMs: 90_000,
  timeToGreenMs: 90_000,
  iterations: 1,
  maxIterations: 5,
  mainClass: null,
  diagnosis: null,
  gitSha: 'abc123',
  gitBranch: 'main',
  host: 'runner-1',
  pid: 4242,
  version: '0.1.0',
  configHash: '0123456789ab',
  reportFile: '/w/logs/auto_cycle_report_20260101_100000_abcd.json',
  orchestratorPgid: 4300,
  iterationRows: [
    {
      iteration: 1,
      state: 'success',
      startedAt: Date.parse('2026-01-01T10:00:00.000Z'),
      endedAt: Date.parse('2026-01-01T10:01:30.000Z'),
      durationMs: 90_000,
      failedPhase: null,
      primaryClass: null,
      failedTask: null,
      phases: { snapshot: 12, cleanup: 300, rebuild: 20_000, orchestrate: 69_000, validate: 688, backoff: null },
      orchestratorExitCode: 0,
      orchestratorTimedOut: false,
      adjustments: [],
      plan: { orchestrator_timeout_seconds: 1800 },
      diagnosis: null,
      matches: [],
      services: [{ service: 'db', ready: true, readyAfterMs: 8_500 }],
      tasks: [
        {
          taskId: 'load',
          orchestrationId: '20260101_100021_efgh',
          status: 'succeeded',
          attempts: 1,
          startedAt: Date.parse('2026-01-01T10:00:21.000Z'),
          durationMs: 60_000,
          exitCode: null,
          error: null,
          rowsRead: 10,
          rowsWritten: 10,
          rowsRejected: 0,
        },
      ],
    },
  ],
};

describe('export JSON', () => {
  it('round-trips an execution exactly', () => {
    const text = JSON.stringify(detailToJson(detail));
    expect(detailFromJson(JSON.parse(text), 'test')).toEqual(detail);
  });

  it('reads like the run report: snake_case, ISO times, seconds', () => {
    expect(detailToJson(detail)).toMatchObject({
      execution_id: '20260101_100000_abcd',
      start_time: '2026-01-01T10:00:00.000Z',
      duration_seconds: 90,
      git: { sha: 'abc123', branch: 'main' },
      cycles: [{ phases_seconds: { rebuild: 20, orchestrate: 69 }, services: [{ ready_after_seconds: 8.5 }] }],
    });
  });

  it('names what is wrong in a file that is not an export', () => {
    expect(() => detailFromJson({ execution_id: 'x', project: 'p', state: 'weird' }, 'f.json: execution 3')).toThrow(UsageError);
    expect(() => detailFromJson({ execution_id: 'x', project: 'p', state: 'weird' }, 'f.json: execution 3')).toThrow(
      /^f\.json: execution 3: state is missing or invalid/,
    );
  });

  it('round-trips a window run exactly, and names the field of a broken one', () => {
    const run: WindowRun = {
      id: 'w1',
      project: 'shop',
      workflow: 'hourly',
      start: Date.parse('2026-12-01T10:00:00Z'),
      end: Date.parse('2026-12-01T11:00:00Z'),
      mode: 'recovery',
      state: 'failed',
      executionId: '20261201_110005_abcd',
      failureClass: 'data_rejected',
      error: 'load: 9 of 10 rows accepted',
      startedAt: Date.parse('2026-12-01T11:00:05Z'),
      endedAt: Date.parse('2026-12-01T11:00:09Z'),
    };
    const json = JSON.parse(JSON.stringify(windowRunToJson(run))) as Record<string, unknown>;
    expect(json).toMatchObject({ window_start: '2026-12-01T10:00:00.000Z', state: 'failed' });
    expect(windowRunFromJson(json, 'f')).toEqual(run);
    expect(() => windowRunFromJson({ ...json, window_end: json.window_start }, 'export.json: window run 3')).toThrow(
      /^export.json: window run 3: window_end \(not after window_start\) is missing or invalid/,
    );
    expect(() => windowRunFromJson({ ...json, state: 'done' }, 'f')).toThrow(UsageError);
  });
});
