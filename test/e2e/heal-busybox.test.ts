/**
 * The loop end to end through the CLI, on small BusyBox stacks: each test injects one real fault,
 * then checks the report and what is left on the engine.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';
import { BUSYBOX_IMAGE, resourcesWithLabels, TEST_LABEL, testDocker } from '../support/docker.js';
import { isProcessAlive } from '../support/process-alive.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

const fastLoop = 'loop:\n  max_iterations: 4\n  backoff: { initial: 0.2s, max: 0.5s }\ngit:\n  mode: "off"\n';
let project: TestProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

describe('etl-cycle run on a BusyBox stack', () => {
  it('heals a slow-starting service by raising its readiness deadline', async () => {
    project = await createTestProject({
      prefix: 'slow',
      compose: `services:
  web:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "sleep 3; exec httpd -f -p 8080 -h /"]
    expose: ["8080"]
    stop_grace_period: 1s
`,
      config: `orchestrator:\n  command: [sh, -c, "echo loading; echo done"]\nreadiness:\n  services:\n    web: { timeout: 2s }\n${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir });
    expect(result.exitCode, result.stderr).toBe(0);

    const report = await readOnlyReport(project.logsDir);
    expect(report).toMatchObject({ overall_success: true, stop_reason: 'success', iterations_executed: 2 });
    const [first, second] = report.cycles;
    expect(first).toMatchObject({ success: false, failed_phase: 'rebuild', orchestrator_exit_code: null });
    expect(['connection_refused', 'service_starting', 'timeout']).toContain(first!.primary_class);
    expect(first!.adjustments).toEqual(['raise the readiness deadline of web from 2.0s to 4.0s']);
    expect(second).toMatchObject({ success: true, orchestrator_exit_code: 0 });
    expect(second!.plan.readiness.web!.timeout_seconds).toBe(4);

    // Green leaves the service running (cleanup.on_success: keep), labelled as ours.
    const left = await resourcesWithLabels([`etl-cycle.project=${project.name}`, 'etl-cycle.managed-by=etl-cycle']);
    expect(left.containers).toEqual([`${project.name}-web-1`]);
    const state = await testDocker().getContainer(`${project.name}-web-1`).inspect();
    expect(state.State.Running).toBe(true);
  });

  it('raises the memory limit of a service killed for running out of memory', async () => {
    project = await createTestProject({
      prefix: 'oom',
      compose: `services:
  cruncher:
    image: ${BUSYBOX_IMAGE}
    # Holds ~12 MB in a shell variable, then serves: fine at 32m, OOM-killed at 16m.
    command: ["sh", "-c", "x=$$(head -c 12000000 /dev/zero | tr '\\\\0' a); exec httpd -f -p 8080 -h /"]
    expose: ["8080"]
    mem_limit: 16m
    stop_grace_period: 1s
`,
      config: `orchestrator:\n  command: [sh, -c, "echo crunching"]\nreadiness:\n  timeout: 20s\n${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir });
    const report = await readOnlyReport(project.logsDir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(report.cycles[0]).toMatchObject({ success: false, primary_class: 'out_of_memory', failed_phase: 'rebuild' });
    expect(report.cycles[0]!.adjustments[0]).toMatch(/^raise the memory limit of cruncher from 16 MiB to 32 MiB$/);
    expect(report.cycles.at(-1)).toMatchObject({ success: true });
    const limit = (await testDocker().getContainer(`${project.name}-cruncher-1`).inspect()).HostConfig.Memory;
    expect(limit).toBeGreaterThanOrEqual(32 * 1024 * 1024);
  });

  it('cleanup.fresh_volumes drops the data volumes before every run, like down -v', async () => {
    project = await createTestProject({
      prefix: 'fresh',
      compose: `services:
  web:
    image: ${BUSYBOX_IMAGE}
    # Refuses to start on data left by an earlier run.
    command: ["sh", "-c", "test ! -f /data/marker || { echo 'data directory is not empty' >&2; exit 3; }; touch /data/marker; exec httpd -f -p 8080 -h /"]
    expose: ["8080"]
    volumes: ["data:/data"]
    stop_grace_period: 1s
volumes:
  data:
`,
      config: `orchestrator:\n  command: [sh, -c, "echo ok"]\ncleanup:\n  fresh_volumes: true\n${fastLoop}`,
    });
    expect((await runCli(['run'], { cwd: project.dir })).exitCode).toBe(0);
    const second = await runCli(['run'], { cwd: project.dir });
    expect(second.exitCode, second.stderr).toBe(0);
    expect((await resourcesWithLabels([`etl-cycle.project=${project.name}`])).volumes).toEqual([`${project.name}_data`]);
  });

  it('stops after one iteration on a failure retrying cannot fix', async () => {
    project = await createTestProject({
      prefix: 'final',
      compose: `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n    command: ["httpd", "-f", "-p", "8080", "-h", "/"]\n    expose: ["8080"]\n`,
      config: `orchestrator:\n  command: [sh, -c, "echo reading input; cat /nonexistent/input.csv"]\n${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir });
    expect(result.exitCode).toBe(1);
    const report = await readOnlyReport(project.logsDir);
    expect(report).toMatchObject({ overall_success: false, stop_reason: 'non_retryable', iterations_executed: 1 });
    expect(report.cycles[0]).toMatchObject({ primary_class: 'file_not_found', failed_phase: 'orchestrate', orchestrator_exit_code: 1 });
    expect(report.diagnosis).toContain('/nonexistent/input.csv');
    // on_failure: keep — the stack stays up for a look.
    expect((await resourcesWithLabels([`etl-cycle.project=${project.name}`])).containers).toEqual([`${project.name}-web-1`]);
  });

  it('never touches a container it did not create, even when its name collides, and says so', async () => {
    project = await createTestProject({
      prefix: 'clash',
      compose: `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n    command: ["httpd", "-f", "-p", "8080", "-h", "/"]\n`,
      config: `orchestrator:\n  command: [sh, -c, "echo hi"]\n${fastLoop}`,
    });
    const foreign = await testDocker().createContainer({
      Image: BUSYBOX_IMAGE,
      name: `${project.name}-web-1`,
      Cmd: ['sleep', '600'],
      Labels: { [TEST_LABEL]: '1', 'etl-cycle.project': project.name },
    });
    await foreign.start();
    try {
      const before = await foreign.inspect();
      const result = await runCli(['run'], { cwd: project.dir });
      expect(result.exitCode).toBe(1);
      const report = await readOnlyReport(project.logsDir);
      expect(report).toMatchObject({ stop_reason: 'non_retryable', iterations_executed: 1 });
      expect(report.diagnosis).toContain(`${project.name}-web-1`);
      const after = await foreign.inspect();
      expect(after.Id).toBe(before.Id);
      expect(after.State.Running).toBe(true);
      expect(after.State.StartedAt).toBe(before.State.StartedAt);
    } finally {
      await foreign.remove({ force: true });
    }
  });

  it('on SIGINT mid-orchestration kills the orchestrator tree, removes the services and reports aborted', async () => {
    project = await createTestProject({
      prefix: 'sigint',
      compose: `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n    command: ["httpd", "-f", "-p", "8080", "-h", "/"]\n    expose: ["8080"]\n    stop_grace_period: 1s\n`,
      config: `orchestrator:\n  command: [sh, -c, "sleep 300 & echo $$! > grandchild.pid; echo ETL started; wait"]\n${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir, killWhen: (err) => err.includes('ETL started'), signal: 'SIGINT' });
    expect(result.exitCode).toBe(130);
    const report = await readOnlyReport(project.logsDir);
    expect(report).toMatchObject({ status: 'finished', stop_reason: 'aborted', overall_success: false });
    expect(report.cycles[0]).toMatchObject({ status: 'aborted' });
    const left = await resourcesWithLabels([`etl-cycle.project=${project.name}`]);
    expect(left.containers).toEqual([]);
    const pid = Number(readFileSync(`${project.dir}/grandchild.pid`, 'utf8').trim());
    expect(isProcessAlive(pid)).toBe(false);
  });
});
