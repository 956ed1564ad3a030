/**
 * The agent running the built-in orchestrator end to end: `etl-cycle run` on a config with
 * `orchestrator.workflow`. The agent names the failing task from the [task] prefix, heals, and
 * each iteration's orchestration report points back at the agent's execution; a task timeout
 * (classified by a user pattern pack) makes the agent scale task timeouts through
 * ETL_CYCLE_TIMEOUT_FACTOR, which the orchestrator honours.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrchestrationReport } from '../../orchestrator/types.js';
import { readOnlyReport, runCli } from '../support/cli.js';
import { isProcessAlive } from '../support/process-alive.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

let project: TestProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

const fastLoop = 'loop:\n  max_iterations: 3\n  backoff: { initial: 0.2s, max: 0.5s }\ngit:\n  mode: "off"\n';

async function orchestrationReports(logsDir: string): Promise<OrchestrationReport[]> {
  const dir = join(logsDir, 'orchestrations');
  const reports = await Promise.all(
    (await readdir(dir)).map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as OrchestrationReport),
  );
  return reports.sort((a, b) => (a.iteration ?? 0) - (b.iteration ?? 0));
}

describe('etl-cycle run with orchestrator.workflow', () => {
  it('runs the workflow each iteration, names the failing task, and goes green on the retry', async () => {
    project = await createTestProject({
      prefix: 'orchagent',
      config: `compose: false
orchestrator: { workflow: etl }
tasks:
  extract: { run: "echo extracted" }
  load:
    depends_on: [extract]
    run: "if [ \\"$ETL_CYCLE_ITERATION\\" = 1 ]; then echo 'Error: connect ECONNREFUSED 127.0.0.1:5432' >&2; exit 1; fi; echo loaded"
workflows:
  etl: { tasks: [load] }
${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(project.logsDir);
    expect(report).toMatchObject({ overall_success: true, iterations_executed: 2 });
    expect(report.cycles[0]).toMatchObject({
      success: false,
      failed_phase: 'orchestrate',
      primary_class: 'connection_refused',
      failed_task: 'load',
      orchestrator_exit_code: 1,
    });
    expect(report.cycles[1]).toMatchObject({ success: true, orchestrator_exit_code: 0 });

    const orchestrations = await orchestrationReports(project.logsDir);
    expect(orchestrations.map((o) => [o.parent_execution_id, o.iteration, o.workflow, o.success])).toEqual([
      [report.execution_id, 1, 'etl', false],
      [report.execution_id, 2, 'etl', true],
    ]);
    expect(orchestrations[0]!.tasks.load).toMatchObject({ status: 'failed', error: 'exit code 1' });
  });

  it('a task timeout makes the agent raise ETL_CYCLE_TIMEOUT_FACTOR, and the longer timeout lets the task finish', async () => {
    project = await createTestProject({
      prefix: 'orchfactor',
      config: `compose: false
orchestrator: { workflow: etl }
tasks:
  slow: { run: "sleep 1.5; echo done", timeout: 1s }
workflows:
  etl: { tasks: [slow] }
patterns:
  packs: [task-timeouts.yaml]
${fastLoop}`,
      files: {
        'task-timeouts.yaml': `pack: task-timeouts
patterns:
  - id: task-timeouts.task_timed_out
    class: timeout
    regex: 'etl-cycle: task (?<task>[\\w.:-]+) timed out after [0-9hms. ]+'
    hint: 'Task {task} ran longer than its timeout.'
    examples:
      - line: 'etl-cycle: task load timed out after 1.0s and was killed'
        captures: { task: load }
`,
      },
    });
    const result = await runCli(['run'], { cwd: project.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(project.logsDir);
    expect(report.cycles[0]).toMatchObject({ primary_class: 'timeout', failed_task: 'slow', orchestrator_timed_out: false });
    expect(report.cycles[0]!.adjustments[0]).toMatch(/timeout/);
    expect(report.cycles[1]!.plan.step_timeout_factor).toBeGreaterThan(1.5);
    const orchestrations = await orchestrationReports(project.logsDir);
    expect(orchestrations[0]!.tasks.slow).toMatchObject({ status: 'timed_out' });
    expect(orchestrations[1]).toMatchObject({ success: true, timeout_factor: report.cycles[1]!.plan.step_timeout_factor });
  });

  it('orchestrator.timeout stops the built-in orchestrator (it runs inside the agent): its task is killed, the iteration timed out', async () => {
    project = await createTestProject({
      prefix: 'orchtimeout',
      config: `compose: false
orchestrator: { workflow: etl, timeout: 1s }
tasks:
  hang: { run: "echo $$ > hang.pid; echo hanging; sleep 300" }
workflows:
  etl: { tasks: [hang] }
loop:
  max_iterations: 1
git:
  mode: "off"
`,
    });
    const started = Date.now();
    const result = await runCli(['run'], { cwd: project.dir });
    expect(result.exitCode).toBe(1);
    // The task's own timeout is far away: only the orchestrator timeout can have ended it this soon.
    expect(Date.now() - started).toBeLessThan(60_000);
    const report = await readOnlyReport(project.logsDir);
    expect(report.cycles[0]).toMatchObject({ success: false, orchestrator_timed_out: true, orchestrator_exit_code: null });
    const log = await readFile(report.cycles[0]!.logs.orchestrator!, 'utf8');
    expect(log).toContain('[hang] hanging');
    const [orchestration] = await orchestrationReports(project.logsDir);
    expect(orchestration).toMatchObject({ stop_reason: 'aborted', success: false, parent_execution_id: report.execution_id });
    const pid = Number((await readFile(join(project.dir, 'hang.pid'), 'utf8')).trim());
    expect(isProcessAlive(pid)).toBe(false);
  });
});
