/**
 * The example's tasks (examples/postgres-etl) against a real PostgreSQL: the exec tasks create
 * users and the schema with psql inside the container, the Node tasks load and validate the
 * CSV; loading again upserts the same rows, so the count does not change.
 */
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadComposeProject } from '../../../docker/compose/load-compose-project.js';
import type { ProjectModel, StackOperations } from '../../../docker/types.js';
import { TEST_LABEL, uniqueProjectName } from '../../support/docker.js';
import { freePort } from '../../../bench/support/free-port.js';
import { forceRemoveProject, plan, testStack } from '../docker/fixtures.js';
import { orchestrate } from './harness.js';
import type { Workspace } from './harness.js';
import { loadConfig } from '../../../config/load-config.js';

const exampleDir = fileURLToPath(new URL('../../../examples/postgres-etl', import.meta.url));
const nodeModules = fileURLToPath(new URL('../../../node_modules', import.meta.url));

let dir: string;
let port: number;
let model: ProjectModel;
let stack: StackOperations;
let workspace: Workspace;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-example-ingest-'));
  await cp(exampleDir, dir, { recursive: true });
  await symlink(nodeModules, join(dir, 'node_modules'));
  const name = uniqueProjectName('pgingest');
  const config = (await readFile(join(dir, 'etl-cycle.yaml'), 'utf8'))
    .replace('project: postgres-etl', `project: ${name}\ndocker:\n  labels:\n    ${TEST_LABEL}: "1"`)
    .replace('dir: ../../logs', 'dir: logs');
  await writeFile(join(dir, 'etl-cycle.yaml'), config);
  port = await freePort();
  ({ project: model } = await loadComposeProject({
    file: join(dir, 'compose.yaml'),
    projectName: name,
    env: { ...process.env, DB_PORT: String(port) },
  }));
  stack = await testStack(model);
  await stack.up({ readiness: { db: plan({ type: 'healthcheck' }, 90_000) } });
  workspace = {
    dir,
    config: () => loadConfig(join(dir, 'etl-cycle.yaml')),
    read: (path) => readFile(join(dir, path), 'utf8'),
    write: (path, content) => writeFile(join(dir, path), content),
    dispose: async () => undefined,
  };
});

afterAll(async () => {
  if (model) {
    await stack?.down({ removeVolumes: true }).catch(() => undefined);
    await forceRemoveProject(model.name);
  }
  await rm(dir, { recursive: true, force: true });
});

async function customers(): Promise<number> {
  const result = await stack.exec('db', ['psql', '-U', 'etl_admin', '-d', 'warehouse', '-tAc', 'select count(*) from etl.customers']);
  if (result.exitCode !== 0 || !/^\d+\s*$/.test(result.output)) throw new Error(`psql exit ${result.exitCode}: ${result.output}`);
  return Number(result.output.trim());
}

describe('examples/postgres-etl tasks', () => {
  it('run the full_etl workflow, and a second ingest loads the same rows again without duplicates', async () => {
    const env = { DB_PORT: String(port) };
    const first = await orchestrate(workspace, { selection: { workflow: 'full_etl' }, project: model, stack, env });
    expect(first.report.success, first.lines.join('\n')).toBe(true);
    expect(Object.values(first.report.tasks).map((t) => [t.task_id, t.action, t.status])).toEqual([
      ['create_users', 'exec', 'succeeded'],
      ['create_schema', 'exec', 'succeeded'],
      ['ingest_customers', 'run', 'succeeded'],
      ['validate_load', 'run', 'succeeded'],
      ['customers_by_city', 'exec', 'succeeded'],
    ]);
    expect(first.lines).toContain('out: [create_schema] schema version 1 applied');
    expect(first.lines).toContain('out: [validate_load] customers in table: 57 (expected 57); acceptance ratio 0.951 (minimum 0.9)');
    expect(await customers()).toBe(57);

    const again = await orchestrate(workspace, { selection: { tasks: ['ingest_customers', 'validate_load'] }, project: model, stack, env });
    expect(again.report.success, again.lines.join('\n')).toBe(true);
    expect(again.lines).toContain('out: [create_schema] schema already at version 1, skipping DDL');
    expect(again.lines).toContain('out: [ingest_customers] 61 rows read, 58 upserted into etl.customers, 3 rejected');
    expect(await customers()).toBe(57);
  });

  it("a wrong admin password fails the first task with the server's words, and nothing after it runs", async () => {
    const { report, lines } = await orchestrate(workspace, {
      selection: { workflow: 'full_etl' },
      project: model,
      stack,
      env: { DB_PORT: String(port), DB_ADMIN_PASSWORD: 'not-the-password' },
    });
    expect(report).toMatchObject({ success: false, stop_reason: 'critical_failure' });
    expect(report.tasks.create_users).toMatchObject({ status: 'failed', error: 'exit code 2' });
    expect(
      lines.some((line) => line.startsWith('err: [create_users] ') && line.includes('password authentication failed for user "etl_admin"')),
    ).toBe(true);
    expect(report.tasks.ingest_customers).toMatchObject({ status: 'skipped', error: 'dependency create_schema was skipped' });
  });
});
