/**
 * `run --dry-run` through the built CLI: the plan with the services in start order and the
 * orchestrator's variables by name (never their values), the checks, and nothing changed — no
 * logs folder, no container. Exit 0 only when the run could start: a host port held by another
 * process makes it 1, a bad config 2.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/support/free-port.js';
import { resourcesWithLabels } from '../support/docker.js';
import { runCli } from '../support/cli.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

let project: TestProject | undefined;
let holder: Server | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
  await new Promise((resolve) => (holder ? holder.close(resolve) : resolve(undefined)));
  holder = undefined;
});

const compose = (port: number) => `services:
  source:
    image: etl-cycle/busybox:1
    command: ["sleep", "300"]
  warehouse:
    image: etl-cycle/busybox:1
    command: ["sleep", "300"]
    ports: ["127.0.0.1:${port}:8080"]
    depends_on: [source]
`;

const config = `orchestrator:
  command: [sh, -c, 'echo loading']
  env: { WAREHOUSE_PASSWORD: "s3cr3t-value", DB_PORT: "15432" }
`;

describe('etl-cycle run --dry-run (CLI)', () => {
  it('prints the services in start order and the variables by name, checks engine, images and ports, and changes nothing', async () => {
    const port = await freePort();
    project = await createTestProject({ prefix: 'dryrun', config, compose: compose(port) });
    const result = await runCli(['run', '--dry-run'], { cwd: project.dir });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /1\. source: etl-cycle\/busybox:1.*\n\s+2\. warehouse: etl-cycle\/busybox:1; ports \d+→8080; after source/,
    );
    expect(result.stdout).toMatch(/env: WAREHOUSE_PASSWORD, DB_PORT, ETL_CYCLE, .*ETL_CYCLE_METRICS_FILE/);
    expect(result.stdout).not.toContain('s3cr3t-value');
    expect(result.stdout).toContain(`✓ port ${port}: free (warehouse)`);
    expect(result.stdout).toContain('✓ image etl-cycle/busybox:1: source: present');
    expect(result.stdout).toContain('dry run: the run could start');
    expect(existsSync(project.logsDir)).toBe(false);
    expect(await resourcesWithLabels([`etl-cycle.project=${project.name}`])).toEqual({ containers: [], networks: [], volumes: [] });
  });

  it('exits 1 when a published host port is held by another process, naming the port', async () => {
    const port = await freePort();
    holder = createServer();
    await new Promise<void>((resolve) => holder!.listen(port, '127.0.0.1', resolve));
    project = await createTestProject({ prefix: 'dryport', config, compose: compose(port) });
    const result = await runCli(['run', '--dry-run'], { cwd: project.dir });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(new RegExp(`✗ port ${port}: .*`));
    expect(result.stdout).toContain('dry run: 1 problem(s) would stop the run');
  });

  it('resolves the window a windowed workflow would run, without creating the run history', async () => {
    project = await createTestProject({
      prefix: 'drywin',
      config: `compose: false\norchestrator: { workflow: hourly }\ntasks:\n  load: { run: "true" }\nworkflows:\n  hourly: { tasks: [load], window: { size: 1h } }\n`,
    });
    const result = await runCli(['run', '--dry-run', '--mode', 'full'], { cwd: project.dir });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/env: ETL_CYCLE_TASK, ETL_CYCLE_TASK_ATTEMPT, ETL_CYCLE_METRICS_FILE, ETL_WINDOW_START, ETL_WINDOW_END/);
    expect(result.stdout).toMatch(
      /windows \(full, from the run history .*\(not created yet\)\):\n {2}full window \d{4}-\d\d-\d\dT\d\d:00:00Z – /,
    );
    expect(existsSync(join(project.dir, '.etl-cycle'))).toBe(false);
  });

  it('exits 2 with one line for a bad config', async () => {
    project = await createTestProject({
      prefix: 'drybad',
      config: `compose: false\norchestrator: { workflow: w }\ntasks:\n  t: { run: "true", validate: { min_acceptance_ratio: 2 } }\nworkflows:\n  w: { tasks: [t] }\n`,
    });
    const result = await runCli(['run', '--dry-run'], { cwd: project.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('tasks.t.validate.min_acceptance_ratio');
  });
});
