/**
 * A run is green only on the stack it built: when a container of the stack is removed while
 * the orchestrator runs (another run's cleanup, `docker compose down`, a person), the iteration
 * fails in validation with that fact, and the loop stops instead of fighting over the stack.
 * A one-shot service that exits 0 as Compose intends is no such change.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';
import { BUSYBOX_IMAGE, testDocker } from '../support/docker.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

let project: TestProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

const compose = `services:
  db:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "exec sleep 600"]
    stop_grace_period: 1s
  seed:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo seeded"]
`;
const config = (orchestrator: string) => `orchestrator:
  command: [sh, -c, "${orchestrator}"]
readiness:
  services:
    db: { wait: { type: none } }
    seed: { wait: { type: completed } }
loop:
  max_iterations: 2
  backoff: { initial: 0.2s, max: 0.2s }
git:
  mode: "off"
`;

describe('the stack changed under the run', () => {
  it('a container removed while the orchestrator runs: not green, stopped with the container named', async () => {
    project = await createTestProject({ prefix: 'changed', compose, config: config('echo loading; sleep 4; echo done') });
    const container = `${project.name}-db-1`;
    let removal: Promise<unknown> | undefined;
    const result = await runCli(['run'], {
      cwd: project.dir,
      killWhen: (stderr) => {
        if (!removal && stderr.includes('│ loading')) removal = testDocker().getContainer(container).remove({ force: true });
        return false;
      },
    });
    await removal;
    expect(removal, 'the orchestrator never printed "loading"').toBeDefined();
    expect(result.exitCode, result.stderr).toBe(1);
    const report = await readOnlyReport(project.logsDir);
    expect(report).toMatchObject({ overall_success: false, stop_reason: 'non_retryable', iterations_executed: 1 });
    const cycle = report.cycles[0]!;
    expect(cycle).toMatchObject({ success: false, failed_phase: 'validate', orchestrator_exit_code: 0 });
    expect(cycle.validations[0]).toMatchObject({ name: 'stack unchanged', passed: false });
    expect(cycle.validations[0]!.detail).toContain(`container ${container} (service db`);
    expect(cycle.validations[0]!.detail).toContain('was removed while the orchestrator ran');
    expect(report.diagnosis).toMatch(/^the stack changed under this run: container .*-db-1/);
    expect(result.stderr).toContain('the stack changed under this run');
  });

  it('the same stack with a one-shot service that exited 0 is green', async () => {
    project = await createTestProject({ prefix: 'unchanged', compose, config: config('echo loading; echo done') });
    const result = await runCli(['run'], { cwd: project.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(project.logsDir);
    expect(report.cycles[0]!.validations).toEqual([{ name: 'stack unchanged', passed: true, detail: null }]);
  });
});
