/**
 * `etl-cycle doctor` through the built CLI against the real engine: a project that can run is
 * all ✓ and exit 0; each thing that blocks a run is a ✗ line naming it and exit 1; what only
 * might matter (an image a run would pull) is a ! line and does not block.
 */
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/support/free-port.js';
import { runCli } from '../support/cli.js';
import { BUSYBOX_IMAGE } from '../support/docker.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

let project: TestProject | undefined;
let holder: Server | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
  await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
  holder = undefined;
});

const service = (port: number, image = BUSYBOX_IMAGE) => `services:
  web:
    image: ${image}
    command: ["httpd", "-f", "-p", "8080"]
    ports: ["${port}:8080"]
`;

function lines(stdout: string): string[] {
  return stdout.trim().split('\n');
}

describe('etl-cycle doctor', () => {
  it('a project that can run: one ✓ line per check and exit 0', async () => {
    const port = await freePort();
    project = await createTestProject({
      prefix: 'doctor-ok',
      compose: service(port),
      config: 'orchestrator:\n  command: [sh, -c, "echo ok"]\ngit:\n  mode: "off"\n',
    });
    const result = await runCli(['doctor'], { cwd: project.dir });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const out = lines(result.stdout);
    expect(out[0]).toMatch(/^✓ node: v\d+\.\d+\.\d+ \(needs >=20\.19\)$/);
    expect(out).toContainEqual(expect.stringMatching(/^✓ config: etl-cycle.yaml: project doctor-ok-.*, 1 service\(s\) \(web\)$/));
    // The engine a run would use, how it was chosen, and what a run would do on it.
    expect(out).toContainEqual(
      expect.stringMatching(
        /^✓ engine: unix:\/\/\S+ \(local\) from .*; Docker \S+, API \d+\.\d+; swarm: inactive; containers, readiness from this machine$/,
      ),
    );
    expect(out).toContainEqual(expect.stringMatching(new RegExp(`^✓ image ${BUSYBOX_IMAGE}: web: present`)));
    expect(out).toContain(`✓ port ${port}: free (web)`);
    expect(out).toContainEqual(expect.stringMatching(/^✓ disk \(logs\): [\d.]+ GiB free in /));
    expect(out).toContain('✓ git: snapshots off (git.mode: off)');
    expect(out).toContainEqual(expect.stringMatching(/^✓ orchestrator: sh -c echo ok \(\/.*sh\)$/));
    expect(out.at(-1)).toBe('etl-cycle doctor: ready to run');
  });

  it('a port in use, a missing program and git.required outside a repository block the run; an image to pull does not', async () => {
    const port = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(port, '0.0.0.0', resolve));
    project = await createTestProject({
      prefix: 'doctor-bad',
      compose: service(port, 'etl-cycle/not-built-here:1'),
      config: 'orchestrator:\n  command: [etl-runner-that-is-not-installed, --all]\ngit:\n  required: true\n',
    });
    const result = await runCli(['doctor', '--json'], { cwd: project.dir });
    expect(result.exitCode).toBe(1);
    const { ready, checks } = JSON.parse(result.stdout) as { ready: boolean; checks: { status: string; name: string; detail: string }[] };
    expect(ready).toBe(false);
    const byName = Object.fromEntries(checks.map((c) => [c.name, c]));
    expect(byName[`port ${port}`]).toMatchObject({ status: 'fail', detail: expect.stringContaining('in use by another process') });
    expect(byName.orchestrator).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('etl-runner-that-is-not-installed is not on PATH'),
    });
    expect(byName.git).toMatchObject({ status: 'fail', detail: expect.stringContaining('git.required is set') });
    expect(byName['image etl-cycle/not-built-here:1']).toMatchObject({ status: 'warn', detail: expect.stringContaining('a run pulls it') });
    expect(byName.engine).toMatchObject({ status: 'ok' });
  });

  it('an engine that does not answer and a broken config are ✗ lines, not a stack trace', async () => {
    project = await createTestProject({
      prefix: 'doctor-engine',
      compose: service(await freePort()),
      config: 'orchestrator:\n  command: [echo]\n',
    });
    const closed = await freePort();
    const noEngine = await runCli(['doctor'], {
      cwd: project.dir,
      env: { DOCKER_HOST: `tcp://127.0.0.1:${closed}`, ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE: '1' },
    });
    expect(noEngine.exitCode).toBe(1);
    expect(noEngine.stdout).toMatch(new RegExp(`^✗ engine: No Docker engine answers at tcp://127.0.0.1:${closed}`, 'm'));
    expect(noEngine.stdout).toContain('etl-cycle doctor: 1 problem(s) block a run');

    const badConfig = await runCli(['doctor', '-c', 'missing.yaml'], { cwd: project.dir });
    expect(badConfig.exitCode).toBe(1);
    expect(lines(badConfig.stdout)[1]).toBe('✗ config: missing.yaml: no such file; pass -c with the path of your etl-cycle.yaml');
    expect(badConfig.stderr).toBe('');
  });
});
