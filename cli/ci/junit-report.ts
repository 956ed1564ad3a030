/**
 * `run --junit PATH`: the run as JUnit XML, which GitLab, Jenkins, Buildkite and most CI
 * dashboards show natively. One <testsuite> per iteration; in it one <testcase> per task of the
 * built-in orchestrator (from the orchestration report of that iteration), or, with an
 * external orchestrator or when the iteration failed before orchestrating, one per phase;
 * plus one per validation. A failure says the error class and the line that decided it.
 * The XML is built by junit-report-builder (escaping, invalid characters, counts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import junitReportBuilder from 'junit-report-builder';
import type { Builder, TestSuite } from 'junit-report-builder';
import type { CycleRecord, MatchRecord, RunReport } from '../../agent/report.js';
import type { OrchestrationReport, TaskReport } from '../../orchestrator/types.js';

// Its types declare an ES default export; its CommonJS build exports the builder itself, which is
// what an ES default import of a CommonJS module gets.
const rootBuilder = junitReportBuilder as unknown as Builder;

const PHASES = ['snapshot', 'cleanup', 'rebuild', 'orchestrate', 'validate'] as const;
/** A task's captured output is a tail already; this keeps a report of many tasks readable. */
const MAX_OUTPUT_CHARS = 16_000;

/** The orchestration report of each iteration, by iteration number (built-in orchestrator only). */
export type OrchestrationsByIteration = ReadonlyMap<number, OrchestrationReport>;

export function orchestrationsOf(report: RunReport, reports: readonly OrchestrationReport[]): Map<number, OrchestrationReport> {
  const byIteration = new Map<number, OrchestrationReport>();
  for (const r of reports) {
    if (r.parent_execution_id !== report.execution_id || r.iteration === null) continue;
    // Newest first from listReports: keep the first one seen for an iteration.
    if (!byIteration.has(r.iteration)) byIteration.set(r.iteration, r);
  }
  return byIteration;
}

export function buildJunitXml(report: RunReport, orchestrations: OrchestrationsByIteration): string {
  const junit = rootBuilder.newBuilder();
  junit.name(`etl-cycle ${report.project}`);
  for (const cycle of report.cycles) {
    const suite = junit
      .testSuite()
      .name(`${report.project} iteration ${cycle.iteration}`)
      .timestamp(new Date(cycle.start_time))
      .time(cycle.duration_seconds)
      .property('execution_id', report.execution_id)
      .property('iteration', String(cycle.iteration))
      .property('status', cycle.status);
    if (cycle.primary_class) suite.property('class', cycle.primary_class);
    if (cycle.adjustments.length) suite.property('adjustments_for_next', cycle.adjustments.join('; '));
    const orchestration = orchestrations.get(cycle.iteration);
    if (orchestration && Object.keys(orchestration.tasks).length > 0) addTaskCases(suite, report, cycle, orchestration);
    else addPhaseCases(suite, report, cycle);
    addValidationCases(suite, report, cycle);
  }
  return junit.build();
}

export async function writeJunitReport(path: string, report: RunReport, orchestrations: OrchestrationsByIteration): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, buildJunitXml(report, orchestrations), 'utf8');
}

function addTaskCases(suite: TestSuite, report: RunReport, cycle: CycleRecord, orchestration: OrchestrationReport): void {
  const className = `${report.project}.${orchestration.workflow ?? 'tasks'}`;
  const order = [...orchestration.execution_order, ...Object.keys(orchestration.tasks)];
  for (const id of new Set(order)) {
    const task = orchestration.tasks[id];
    if (!task) continue;
    const testCase = suite
      .testCase()
      .className(className)
      .name(task.task_id)
      .time(task.duration ?? 0);
    if (task.output) testCase.standardOutput(tail(task.output));
    if (task.status === 'failed' || task.status === 'timed_out') {
      const decided = cycle.failed_task === task.task_id;
      const type = decided && cycle.primary_class ? cycle.primary_class : task.status === 'timed_out' ? 'timeout' : 'task_failed';
      testCase
        .failure(failureMessage(type, decided ? cycle.matches[0] : undefined, task.error), type)
        .stacktrace(taskDetail(task, cycle, decided));
    } else if (task.status === 'skipped' || task.status === 'pending' || task.status === 'running') {
      testCase.skipped();
    }
  }
}

function addPhaseCases(suite: TestSuite, report: RunReport, cycle: CycleRecord): void {
  const ran = PHASES.filter((phase) => cycle.phases[phase] !== undefined || cycle.failed_phase === phase);
  for (const phase of ran) {
    const testCase = suite
      .testCase()
      .className(`${report.project}.phases`)
      .name(phase)
      .time(cycle.phases[phase] ?? 0);
    if (cycle.failed_phase === phase) {
      const type = cycle.primary_class ?? 'unknown';
      testCase.failure(failureMessage(type, cycle.matches[0], cycle.errors[0]), type).stacktrace(cycleDetail(cycle));
    }
  }
  if (cycle.status === 'aborted' && cycle.failed_phase === null)
    suite.testCase().className(`${report.project}.phases`).name('aborted').skipped();
}

function addValidationCases(suite: TestSuite, report: RunReport, cycle: CycleRecord): void {
  for (const validation of cycle.validations) {
    const testCase = suite.testCase().className(`${report.project}.validations`).name(validation.name);
    if (!validation.passed) testCase.failure(`validation failed: ${validation.detail ?? validation.name}`, 'validation_failed');
  }
}

/** "missing_table: relation "etl.customers" does not exist (orchestrator:12)". */
function failureMessage(type: string, match: MatchRecord | undefined, fallback: string | null | undefined): string {
  if (match) return `${type}: ${match.text} (${match.source ?? 'output'}:${match.line})`;
  return `${type}: ${fallback ?? 'failed'}`;
}

function taskDetail(task: TaskReport, cycle: CycleRecord, decided: boolean): string {
  const lines = [`task ${task.task_id} ${task.status} after ${task.attempts} attempt(s)${task.error ? `: ${task.error}` : ''}`];
  if (task.log_file) lines.push(`log: ${task.log_file}`);
  if (decided) lines.push(cycleDetail(cycle));
  return lines.join('\n');
}

function cycleDetail(cycle: CycleRecord): string {
  const lines: string[] = [];
  if (cycle.diagnosis) lines.push(`diagnosis: ${cycle.diagnosis}`);
  for (const match of cycle.matches.slice(0, 5))
    lines.push(`${match.class} (${match.pattern}) at ${match.source ?? 'output'}:${match.line}: ${match.text}`);
  if (cycle.adjustments.length) lines.push(`next iteration: ${cycle.adjustments.join('; ')}`);
  if (cycle.logs.orchestrator) lines.push(`log: ${cycle.logs.orchestrator}`);
  return lines.join('\n');
}

function tail(text: string): string {
  return text.length > MAX_OUTPUT_CHARS ? `[...]\n${text.slice(-MAX_OUTPUT_CHARS)}` : text;
}
