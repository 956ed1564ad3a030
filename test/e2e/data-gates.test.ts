/**
 * Row metrics and data gates through the built CLI, as a user runs them: an orchestrator
 * command's counts reach the run report and the iteration line; a workflow task whose data
 * fails its gate stops `run` at once as data_rejected (no second iteration: the data, not the
 * stack, is wrong), with the figures in the diagnosis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

let project: TestProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

describe('row metrics and data gates (CLI)', () => {
  it("an orchestrator command's ETL_CYCLE_METRICS_FILE lines are summed into the run report", async () => {
    project = await createTestProject({
      prefix: 'datametrics',
      config: `compose: false
orchestrator:
  command: 'echo "{\\"rows_read\\":70,\\"rows_written\\":70}" >> "$ETL_CYCLE_METRICS_FILE"; echo "{\\"rows_read\\":30,\\"rows_written\\":29,\\"rows_rejected\\":1}" >> "$ETL_CYCLE_METRICS_FILE"'
`,
    });
    const result = await runCli(['run', '--max-iterations', '1'], { cwd: project.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(project.logsDir);
    expect(report.cycles[0]!.orchestrator_metrics).toEqual({ rows_read: 100, rows_written: 99, rows_rejected: 1 });
    expect(result.stdout + result.stderr).toMatch(/iteration 1 green in .* — 100 read, 99 written, 1 rejected/);
  });

  it('a task rejecting 10% fails its 0.95 gate: run stops at once with data_rejected and the figures', async () => {
    project = await createTestProject({
      prefix: 'datagate',
      config: `compose: false
orchestrator: { workflow: etl }
tasks:
  load_orders:
    run: 'echo "{\\"rows_read\\":1000,\\"rows_written\\":900,\\"rows_rejected\\":100}" >> "$ETL_CYCLE_METRICS_FILE"'
    validate: { min_acceptance_ratio: 0.95 }
workflows:
  etl: { tasks: [load_orders] }
`,
    });
    const result = await runCli(['run', '--max-iterations', '3'], { cwd: project.dir });
    expect(result.exitCode).toBe(1);
    const report = await readOnlyReport(project.logsDir);
    expect(report.iterations_executed).toBe(1);
    expect(report.cycles[0]).toMatchObject({ primary_class: 'data_rejected', failed_task: 'load_orders' });
    expect(report.diagnosis).toContain('900 of 1000 rows accepted (90% < 95%)');
  });
});
