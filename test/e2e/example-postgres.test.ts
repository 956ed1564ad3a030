/**
 * The shipped example (examples/postgres-etl) on the real engine with the demo's faults:
 * a stale container of an earlier run holding the port, a half-made schema in the data volume,
 * a database slower to start than its deadline. Also: a wrong password stops at once.
 * The example runs from a temp copy with its own project name and port.
 */
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { leaveStaleContainer, seedHalfMadeSchema } from '../../examples/faults.js';
import { readOnlyReport, runCli } from '../support/cli.js';
import { removeResourcesWithLabels, resourcesWithLabels, TEST_LABEL, testDocker, uniqueProjectName } from '../support/docker.js';
import { freePort } from '../../bench/support/free-port.js';

const exampleDir = fileURLToPath(new URL('../../examples/postgres-etl', import.meta.url));
const nodeModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

interface ExampleCopy {
  dir: string;
  project: string;
  port: number;
  logsDir: string;
}
let copy: ExampleCopy | undefined;

afterEach(async () => {
  if (!copy) return;
  await removeResourcesWithLabels([`etl-cycle.project=${copy.project}`]);
  await removeResourcesWithLabels([TEST_LABEL, 'etl-cycle.fault-seeder=1']);
  await rm(copy.dir, { recursive: true, force: true });
  copy = undefined;
});

async function copyExample(edit: (config: string) => string = (c) => c): Promise<ExampleCopy> {
  const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-example-'));
  await cp(exampleDir, dir, { recursive: true });
  await symlink(nodeModules, join(dir, 'node_modules'));
  const project = uniqueProjectName('pgetl');
  const config = (await readFile(join(dir, 'etl-cycle.yaml'), 'utf8'))
    .replace('project: postgres-etl', `project: ${project}\ndocker:\n  labels:\n    ${TEST_LABEL}: "1"\ngit:\n  mode: "off"`)
    .replace('dir: ../../logs', 'dir: logs')
    .replace('backoff: { initial: 1s, factor: 2, max: 8s }', 'backoff: { initial: 0.3s, factor: 2, max: 1s }');
  await writeFile(join(dir, 'etl-cycle.yaml'), edit(config));
  return { dir, project, port: await freePort(), logsDir: join(dir, 'logs') };
}

describe('examples/postgres-etl', () => {
  it('heals a stale port holder, a slow database and a half-made schema, and loads the data idempotently', async () => {
    copy = await copyExample();
    const docker = testDocker();
    await leaveStaleContainer({ docker, project: copy.project, labels: { [TEST_LABEL]: '1' } }, copy.port);
    await seedHalfMadeSchema({ docker, project: copy.project, labels: { [TEST_LABEL]: '1' } });

    const result = await runCli(['run'], { cwd: copy.dir, env: { DB_PORT: String(copy.port), PG_START_DELAY: '7' } });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(copy.logsDir);
    // Port first (the container cannot even start), then the slow start, then the half-made
    // schema; a fresh volume's init on top of the delay may need one more, longer deadline.
    const classes = report.cycles.map((c) => c.primary_class);
    const readinessClasses = ['service_starting', 'connection_refused', 'timeout'];
    expect(classes[0]).toBe('port_in_use');
    expect(readinessClasses).toContain(classes[1]);
    expect(classes.at(-1)).toBeNull();
    const missing = classes.indexOf('missing_table');
    expect(missing).toBeGreaterThan(1);
    expect(classes.filter((c, i) => i !== 0 && i !== missing && c !== null).every((c) => readinessClasses.includes(c!))).toBe(true);
    expect(report.cycles[0]!.adjustments).toEqual(['deeper cleanup: remove stale containers of this project left by earlier runs']);
    expect(report.cycles[1]!.adjustments).toEqual(['raise the readiness deadline of db from 5.0s to 10s']);
    expect(report.cycles[missing]!.adjustments[0]).toMatch(/^recreate the schema/);
    expect(report.cycles[missing]!.matches[0]!.captures.table).toMatch(/customers/);
    // The built-in orchestrator's [task] prefix names the task that hit it.
    expect(report.cycles[missing]!.failed_task).toBe('ingest_customers');
    // The plan a cycle ran with: only the one after the missing table started on fresh volumes.
    expect(report.cycles.map((c) => c.plan.recreated_volumes)).toEqual(report.cycles.map((_, i) => i === missing + 1));
    expect(report).toMatchObject({ overall_success: true, stop_reason: 'success' });

    // The stale container is gone, the database runs, and a rerun of the orchestrator
    // (idempotent upsert) leaves the same 57 rows.
    const left = await resourcesWithLabels([`etl-cycle.project=${copy.project}`]);
    expect(left.containers).toEqual([`${copy.project}-db-1`]);
    const rerun = await runCli(['run'], { cwd: copy.dir, env: { DB_PORT: String(copy.port) } });
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    const count = await docker.getContainer(`${copy.project}-db-1`).exec({
      Cmd: ['psql', '-U', 'etl_admin', '-d', 'warehouse', '-tAc', 'select count(*) from etl.customers'],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await count.start({});
    let out = '';
    stream.on('data', (d: Buffer) => {
      out += d.toString('latin1');
    });
    await new Promise((resolve) => stream.on('end', resolve));
    expect(out).toContain('57');
  });

  it('stops at once on a wrong password (auth_failed), leaving the database up to inspect', async () => {
    // The orchestrator's env wins over the inherited one: the client gets a password the server does not have.
    copy = await copyExample((c) =>
      c.replace('    MIN_ACCEPTANCE_RATIO:', '    DB_ADMIN_PASSWORD: not-the-password\n    MIN_ACCEPTANCE_RATIO:'),
    );
    const result = await runCli(['run'], { cwd: copy.dir, env: { DB_PORT: String(copy.port) } });
    expect(result.exitCode).toBe(1);
    const report = await readOnlyReport(copy.logsDir);
    expect(report).toMatchObject({ stop_reason: 'non_retryable', iterations_executed: 1 });
    expect(report.cycles[0]).toMatchObject({ primary_class: 'auth_failed', failed_phase: 'orchestrate', failed_task: 'create_users' });
    expect(report.diagnosis).toMatch(/etl_admin/);
    expect((await resourcesWithLabels([`etl-cycle.project=${copy.project}`])).containers).toEqual([`${copy.project}-db-1`]);
  });
});
