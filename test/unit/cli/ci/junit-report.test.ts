/** The JUnit XML, parsed back with a real XML parser and checked element by element. */
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildJunitXml, orchestrationsOf } from '../../../../cli/ci/junit-report.js';
import type { OrchestrationReport, TaskReport } from '../../../../orchestrator/types.js';
import { cycle, missingTable, runReport } from './run-report-fixture.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

interface Case {
  classname?: string;
  name: string;
  time?: string;
  failure?: { message: string; type: string; '#text'?: string } | string;
  skipped?: unknown;
  'system-out'?: string;
}
interface Suite {
  name: string;
  tests: string;
  failures: string;
  testcase: Case[];
  properties?: { property: { name: string; value: string }[] };
}

function parse(xml: string): { name: string; tests: string; failures: string; testsuite: Suite[] } {
  return parser.parse(xml).testsuites;
}

function task(id: string, status: TaskReport['status'], extra: Partial<TaskReport> = {}): TaskReport {
  return {
    task_id: id,
    name: id,
    description: null,
    category: 'load',
    critical: true,
    depends_on: [],
    action: 'run',
    command: `node ${id}.mjs`,
    status,
    start_time: '2026-01-01T12:00:01.000Z',
    end_time: '2026-01-01T12:00:02.000Z',
    duration: 1.25,
    attempts: 1,
    output: '',
    error: null,
    log_file: null,
    resumed_from: null,
    ...extra,
  };
}

function orchestration(iteration: number, tasks: TaskReport[], parent = '20260101_120000_ab12'): OrchestrationReport {
  return {
    schema_version: 1,
    execution_id: `20260101_12000${iteration}_cd3${iteration}`,
    parent_execution_id: parent,
    iteration,
    config_file: null,
    project: 'shop',
    workflow: 'full_etl',
    requested_tasks: tasks.map((t) => t.task_id),
    start_time: '2026-01-01T12:00:01.000Z',
    end_time: '2026-01-01T12:00:04.000Z',
    total_duration: 3,
    execution_order: tasks.map((t) => t.task_id),
    parallel_groups: [tasks.map((t) => t.task_id)],
    parallel: false,
    max_workers: 1,
    continue_on_failure: false,
    timeout_factor: 1,
    resumed_from: null,
    state: 'finished',
    stop_reason: 'completed',
    signal: null,
    success: tasks.every((t) => t.status === 'succeeded'),
    summary: { succeeded: 0, failed: 0, skipped: 0, timed_out: 0 },
    tasks: Object.fromEntries(tasks.map((t) => [t.task_id, t])),
  };
}

describe('run --junit', () => {
  it('one suite per iteration, one case per orchestrator task; the failure names the class and the matched line', () => {
    const report = runReport([missingTable, cycle({ iteration: 2 })]);
    const reports = [
      orchestration(1, [
        task('create_schema', 'succeeded', { output: 'CREATE TABLE' }),
        task('ingest', 'failed', { error: 'exit code 1', output: 'error: relation "etl.customers" does not exist\n' }),
        task('report', 'skipped', { duration: null }),
      ]),
      orchestration(2, [task('create_schema', 'succeeded'), task('ingest', 'succeeded'), task('report', 'succeeded')]),
      // Another run's orchestration is not this run's.
      orchestration(1, [task('other', 'failed')], '20251231_090000_zz99'),
    ];
    const xml = parse(buildJunitXml(report, orchestrationsOf(report, reports)));
    expect(xml).toMatchObject({ name: 'etl-cycle shop', tests: '6', failures: '1' });
    expect(xml.testsuite.map((s) => s.name)).toEqual(['shop iteration 1', 'shop iteration 2']);

    const [first, second] = xml.testsuite;
    expect(first!.testcase.map((c) => c.name)).toEqual(['create_schema', 'ingest', 'report']);
    expect(first!.testcase[0]).toMatchObject({ classname: 'shop.full_etl', time: '1.25', 'system-out': 'CREATE TABLE' });
    const failure = first!.testcase[1]!.failure as { message: string; type: string; '#text': string };
    expect(failure.type).toBe('missing_table');
    expect(failure.message).toBe('missing_table: error: relation "etl.customers" does not exist (orchestrator:12)');
    expect(failure['#text']).toContain('diagnosis: the table etl.customers is missing');
    expect(failure['#text']).toContain('next iteration: recreate the schema');
    expect(first!.testcase[2]!.skipped).toBeDefined();
    expect(first!.properties!.property).toContainEqual({ name: 'class', value: 'missing_table' });
    expect(second).toMatchObject({ tests: '3', failures: '0' });
  });

  it('an external orchestrator: one case per phase that ran, the failed phase carries the class', () => {
    const report = runReport([missingTable, cycle({ iteration: 2, validations: [{ name: 'rows loaded', passed: true, detail: null }] })]);
    const xml = parse(buildJunitXml(report, new Map()));
    const [first, second] = xml.testsuite;
    expect(first!.testcase.map((c) => c.name)).toEqual(['snapshot', 'cleanup', 'rebuild', 'orchestrate']);
    expect(first!.testcase[3]!.failure).toMatchObject({
      type: 'missing_table',
      message: 'missing_table: error: relation "etl.customers" does not exist (orchestrator:12)',
    });
    expect(second!.testcase.map((c) => c.name)).toEqual(['snapshot', 'cleanup', 'rebuild', 'orchestrate', 'validate', 'rows loaded']);
    expect(second!.testcase.every((c) => c.failure === undefined)).toBe(true);
  });

  it('a failure without a matched line still says what failed; markup in output stays text', () => {
    const unmatched = cycle({
      iteration: 1,
      status: 'failed',
      success: false,
      failed_phase: 'rebuild',
      primary_class: 'unknown',
      errors: ['service db: <exited> with code 3 & no output'],
      phases: { snapshot: 0.1, cleanup: 0.1 },
    });
    const xml = parse(buildJunitXml(runReport([unmatched]), new Map()));
    expect(xml.testsuite[0]!.testcase.at(-1)).toMatchObject({
      name: 'rebuild',
      failure: { type: 'unknown', message: 'unknown: service db: <exited> with code 3 & no output' },
    });
  });
});
