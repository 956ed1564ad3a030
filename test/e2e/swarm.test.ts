/**
 * Swarm mode end to end: a one-node swarm on a second engine started by this file (`docker swarm
 * init` on free ports, left again afterwards). `etl-cycle run` creates Swarm services honouring
 * deploy:, waits for the replicas, heals an out-of-memory kill read from task status, and `down`
 * removes only what carries the project's labels. Settings Swarm would reject, or a swarm that
 * is not there, fail with one line and exit 2 before anything is created.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';
import { BUSYBOX_IMAGE } from '../support/docker.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';
import { secondEngineUnavailable, startSecondEngine } from '../support/second-engine.js';
import type { SecondEngine } from '../support/second-engine.js';

const unavailable = secondEngineUnavailable();
let engine: SecondEngine;
let project: TestProject | undefined;
const clean = { DOCKER_CONTEXT: '', DOCKER_TLS_VERIFY: '', DOCKER_TLS: '', DOCKER_CERT_PATH: '' };
const onSwarm = () => ({ ...clean, DOCKER_HOST: engine.unixHost });
const fastLoop = 'loop:\n  max_iterations: 3\n  backoff: { initial: 0.2s, max: 0.5s }\ngit:\n  mode: "off"\n';

function labelled(kind: 'service' | 'network' | 'volume', name: string): string[] {
  return engine
    .docker([kind, 'ls', '--filter', `label=etl-cycle.project=${name}`, '--format', '{{.Name}}'])
    .split('\n')
    .filter(Boolean)
    .sort();
}

describe.skipIf(unavailable !== undefined)(`etl-cycle run in Swarm mode${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    engine = await startSecondEngine();
    engine.loadImages([BUSYBOX_IMAGE]);
    await engine.initSwarm();
  });
  afterAll(async () => {
    await engine?.stop();
  });
  afterEach(async () => {
    if (project) {
      const services = labelled('service', project.name);
      if (services.length) engine.docker(['service', 'rm', ...services]);
    }
    await project?.dispose();
    project = undefined;
  });

  it('runs a replicated stack as Swarm services to green, honouring deploy:, and down removes it', async () => {
    project = await createTestProject({
      prefix: 'swarm',
      compose: `services:
  migrate:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo migrated"]
  web:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "sleep 1; mkdir -p /www; echo ok > /www/index.html; exec httpd -f -p 8080 -h /www"]
    expose: ["8080"]
    depends_on:
      migrate: { condition: service_completed_successfully }
    stop_grace_period: 1s
    deploy:
      replicas: 2
      labels: { team: data }
      resources:
        limits: { memory: 64m, cpus: "0.5" }
      restart_policy: { condition: on-failure, max_attempts: 3 }
      placement:
        constraints: ["node.role == manager"]
      update_config: { parallelism: 1, order: start-first }
`,
      config: `orchestrator:\n  command: [sh, -c, "echo loaded"]\nvalidations:\n  - type: exec\n    service: web\n    command: [sh, -c, "test -s /www/index.html"]\n${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir, env: onSwarm() });
    const report = await readOnlyReport(project.logsDir);
    expect(result.exitCode, JSON.stringify(report.cycles.map((c) => [c.validations, c.diagnosis, c.errors]))).toBe(0);
    expect(report.engine).toMatchObject({ endpoint: engine.unixHost, mode: 'swarm', swarm: 'active manager' });
    expect(report.cycles.at(-1)!.validations).toEqual([expect.objectContaining({ passed: true })]);

    const web = `${project.name}_web`;
    expect(labelled('service', project.name)).toEqual([`${project.name}_migrate`, web]);
    const spec = JSON.parse(engine.docker(['service', 'inspect', web, '--format', '{{json .Spec}}'])) as {
      Labels: Record<string, string>;
      Mode: { Replicated: { Replicas: number } };
      TaskTemplate: {
        Resources: { Limits: { MemoryBytes: number; NanoCPUs: number } };
        RestartPolicy: { Condition: string; MaxAttempts: number };
        Placement: { Constraints: string[] };
        Networks: { Aliases: string[] }[];
      };
      UpdateConfig: { Parallelism: number; Order: string };
    };
    expect(spec.Mode.Replicated.Replicas).toBe(2);
    expect(spec.TaskTemplate.Resources.Limits).toMatchObject({ MemoryBytes: 64 * 1024 ** 2, NanoCPUs: 500_000_000 });
    expect(spec.TaskTemplate.RestartPolicy).toMatchObject({ Condition: 'on-failure', MaxAttempts: 3 });
    expect(spec.TaskTemplate.Placement.Constraints).toEqual(['node.role == manager']);
    expect(spec.TaskTemplate.Networks[0]!.Aliases).toContain('web');
    expect(spec.UpdateConfig).toMatchObject({ Parallelism: 1, Order: 'start-first' });
    expect(spec.Labels).toMatchObject({
      team: 'data',
      'etl-cycle.managed-by': 'etl-cycle',
      'etl-cycle.project': project.name,
      'com.docker.stack.namespace': project.name,
    });
    const running = engine
      .docker(['service', 'ps', web, '--filter', 'desired-state=running', '--format', '{{.CurrentState}}'])
      .split('\n')
      .filter(Boolean);
    expect(running).toHaveLength(2);
    expect(running.every((state) => state.startsWith('Running'))).toBe(true);
    // The one-shot ran once, to completion (restart condition none).
    expect(engine.docker(['service', 'ps', `${project.name}_migrate`, '--format', '{{.CurrentState}}']).trim()).toMatch(/^Complete/);
    // docker stack knows it, by the namespace label.
    expect(engine.docker(['stack', 'ls', '--format', '{{.Name}}'])).toContain(project.name);
    expect(labelled('network', project.name)).toEqual([`${project.name}_default`]);

    const down = await runCli(['down'], { cwd: project.dir, env: onSwarm() });
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stderr).toMatch(/removed 2 service\(s\), 0 container\(s\), 1 network\(s\), 0 volume\(s\)/);
    expect(labelled('service', project.name)).toEqual([]);
    expect(labelled('network', project.name)).toEqual([]);
  });

  it('reads an out-of-memory kill from the task status and raises the memory limit', async () => {
    project = await createTestProject({
      prefix: 'swarm-oom',
      compose: `services:
  cruncher:
    image: ${BUSYBOX_IMAGE}
    # Holds ~12 MB in a shell variable, then serves: fine at 32m, OOM-killed at 16m.
    command: ["sh", "-c", "x=$$(head -c 12000000 /dev/zero | tr '\\\\0' a); exec httpd -f -p 8080 -h /"]
    expose: ["8080"]
    stop_grace_period: 1s
    deploy:
      resources:
        limits: { memory: 16m }
`,
      config: `orchestrator:\n  command: [sh, -c, "echo crunching"]\nreadiness:\n  timeout: 30s\n${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir, env: onSwarm() });
    const report = await readOnlyReport(project.logsDir);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(report.cycles[0]).toMatchObject({ success: false, primary_class: 'out_of_memory', failed_phase: 'rebuild' });
    expect(report.cycles[0]!.containers).toEqual(
      expect.arrayContaining([expect.objectContaining({ service: 'cruncher', exitCode: 137, oomKilled: true, status: 'failed' })]),
    );
    expect(report.cycles[0]!.adjustments[0]).toBe('raise the memory limit of cruncher from 16 MiB to 32 MiB');
    expect(report.cycles.at(-1)).toMatchObject({ success: true });
    const limit = engine.docker([
      'service',
      'inspect',
      `${project.name}_cruncher`,
      '--format',
      '{{.Spec.TaskTemplate.Resources.Limits.MemoryBytes}}',
    ]);
    expect(Number(limit)).toBeGreaterThanOrEqual(32 * 1024 ** 2);
  });

  it('refuses deploy: settings Swarm would reject, with the line, before creating anything', async () => {
    project = await createTestProject({
      prefix: 'swarm-bad',
      compose: `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n    deploy:\n      replicas: 2\n      restart_policy:\n        condition: always\n`,
      config: `orchestrator:\n  command: [sh, -c, "true"]\n${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir, env: onSwarm() });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^etl-cycle: .*compose\.yaml:7: services\.web\.deploy\.restart_policy\.condition: "always" is not a Swarm restart condition; expected none, on-failure or any$/,
    );
    expect(labelled('service', project.name)).toEqual([]);
    expect(labelled('network', project.name)).toEqual([]);
  });
});

describe('Swarm settings on an engine that is no Swarm manager', () => {
  afterEach(async () => {
    await project?.dispose();
    project = undefined;
  });

  it('docker.mode: swarm is refused in one line, exit 2', async () => {
    project = await createTestProject({
      prefix: 'no-swarm',
      compose: `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n`,
      config: `orchestrator:\n  command: [sh, -c, "true"]\n${fastLoop}`,
    });
    // createTestProject writes its own docker: block (the test labels); the mode goes into it.
    const text = await readFile(project.configFile, 'utf8');
    await writeFile(project.configFile, text.replace('docker:\n', 'docker:\n  mode: swarm\n'));
    const result = await runCli(['run'], { cwd: project.dir, env: clean });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toMatch(
      /^etl-cycle: docker\.mode: swarm needs a Swarm manager, but the engine at unix:\/\/\/var\/run\/docker\.sock \(.*\) is not one \(its swarm state is inactive\)/,
    );
  });

  it('replicas above one in container mode are refused with the line, exit 2', async () => {
    project = await createTestProject({
      prefix: 'no-swarm-replicas',
      compose: `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n    deploy:\n      replicas: 3\n`,
      config: `orchestrator:\n  command: [sh, -c, "true"]\n${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir, env: clean });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toMatch(/^etl-cycle: .*compose\.yaml:5: services\.web\.deploy\.replicas: 3 replicas need Swarm mode/);
  });
});
