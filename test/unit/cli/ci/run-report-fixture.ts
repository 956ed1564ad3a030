/** A small RunReport (two iterations: a missing table, then green) for the CI writers' tests. */
import type { CycleRecord, RunReport } from '../../../../agent/report.js';

export function cycle(overrides: Partial<CycleRecord> & { iteration: number }): CycleRecord {
  return {
    status: 'success',
    success: true,
    start_time: '2026-01-01T12:00:00.000Z',
    end_time: '2026-01-01T12:00:05.000Z',
    duration_seconds: 5,
    errors_count: 0,
    errors: [],
    adjustments_count: 0,
    adjustments: [],
    adjustment_details: [],
    failed_phase: null,
    primary_class: null,
    failed_task: null,
    classes: [],
    matches: [],
    orchestrator_exit_code: 0,
    orchestrator_timed_out: false,
    phases: { snapshot: 0.1, cleanup: 0.2, rebuild: 2, orchestrate: 2.5, validate: 0.2 },
    git_snapshot: { status: 'skipped', sha: null, ref: null, message: null },
    logs: { orchestrator: '/p/logs/orchestrator_iteration_1_x.log' },
    plan: {
      readiness: {},
      orchestrator_timeout_seconds: 60,
      step_timeout_factor: 1,
      max_workers: null,
      recreated_volumes: false,
      removed_orphans: false,
      memory_overrides: {},
      rebuild: 'clean',
      resume_from: null,
    },
    rebuild: { services: [], removed: [] },
    orchestration: null,
    services: [],
    containers: [],
    validations: [],
    cleanup: { removed: 0, orphans_kept: [] },
    diagnosis: null,
    ...overrides,
  };
}

export const missingTable = cycle({
  iteration: 1,
  status: 'failed',
  success: false,
  errors_count: 1,
  errors: ['relation "etl.customers" does not exist'],
  adjustments: ['recreate the schema: drop the data volumes once'],
  adjustments_count: 1,
  failed_phase: 'orchestrate',
  primary_class: 'missing_table',
  failed_task: 'ingest',
  classes: ['missing_table'],
  matches: [
    {
      class: 'missing_table',
      pattern: 'postgres.undefined_table',
      source: 'orchestrator',
      line: 12,
      text: 'error: relation "etl.customers" does not exist',
      captures: { table: 'etl.customers' },
    },
  ],
  orchestrator_exit_code: 1,
  phases: { snapshot: 0.1, cleanup: 0.2, rebuild: 2, orchestrate: 1.5 },
  diagnosis: 'the table etl.customers is missing: the schema was not created',
});

export function runReport(cycles: CycleRecord[], overrides: Partial<RunReport> = {}): RunReport {
  const success = cycles.at(-1)?.success ?? false;
  return {
    schema_version: 1,
    tool: { name: 'etl-cycle', version: '0.1.0' },
    execution_id: '20260101_120000_ab12',
    project: 'shop',
    config_file: '/p/etl-cycle.yaml',
    status: 'finished',
    start_time: '2026-01-01T12:00:00.000Z',
    end_time: '2026-01-01T12:00:11.000Z',
    total_duration_seconds: 11,
    time_to_green_seconds: success ? 11 : null,
    max_iterations: 5,
    iterations_executed: cycles.length,
    overall_success: success,
    stop_reason: success ? 'success' : 'non_retryable',
    diagnosis: success ? null : 'the table etl.customers is missing: the schema was not created',
    log_file: '/p/logs/auto_cycle_20260101_120000_ab12.log',
    report_file: '/p/logs/auto_cycle_report_20260101_120000_ab12.json',
    cycles,
    ...overrides,
  };
}
