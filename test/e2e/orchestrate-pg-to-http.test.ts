/**
 * examples/pg-to-http end to end: `etl-cycle run` brings up PostgreSQL and the BusyBox sink,
 * the built-in orchestrator prepares the source, extracts both tables side by side, posts
 * them, and the sink holds every record. Runs from a temp copy with its own project and ports.
 */
import { cp, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrchestrationReport } from '../../orchestrator/types.js';
import { readOnlyReport, runCli } from '../support/cli.js';
import { removeResourcesWithLabels, TEST_LABEL, uniqueProjectName } from '../support/docker.js';
import { freePort } from '../../bench/support/free-port.js';

const exampleDir = fileURLToPath(new URL('../../examples/pg-to-http', import.meta.url));
const nodeModules = fileURLToPath(new URL('../../node_modules', import.meta.url));

let copy: { dir: string; project: string } | undefined;
afterEach(async () => {
  if (!copy) return;
  await removeResourcesWithLabels([`etl-cycle.project=${copy.project}`]);
  await rm(copy.dir, { recursive: true, force: true });
  copy = undefined;
});

describe('examples/pg-to-http', () => {
  it('loads both tables into the HTTP sink, extracting them in parallel', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-pg-to-http-'));
    const project = uniqueProjectName('pgtohttp');
    copy = { dir, project };
    await cp(exampleDir, dir, { recursive: true });
    await symlink(nodeModules, join(dir, 'node_modules'));
    const config = (await readFile(join(dir, 'etl-cycle.yaml'), 'utf8'))
      .replace('project: pg-to-http', `project: ${project}\ndocker:\n  labels:\n    ${TEST_LABEL}: "1"\ngit:\n  mode: "off"`)
      .replace('dir: ../../logs', 'dir: logs');
    await writeFile(join(dir, 'etl-cycle.yaml'), config);
    const sinkPort = await freePort();

    const result = await runCli(['run'], { cwd: dir, env: { SOURCE_PORT: String(await freePort()), SINK_PORT: String(sinkPort) } });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(join(dir, 'logs'));
    expect(report).toMatchObject({ overall_success: true });
    expect(report.cycles.at(-1)!.validations).toEqual([
      { name: 'stack unchanged', passed: true, detail: null },
      { name: 'the sink stored 160 records', passed: true, detail: null },
    ]);

    const dirOf = join(dir, 'logs', 'orchestrations');
    const [name] = (await readdir(dirOf)).sort().slice(-1);
    const orchestration = JSON.parse(await readFile(join(dirOf, name!), 'utf8')) as OrchestrationReport;
    expect(orchestration).toMatchObject({ success: true, workflow: 'full', parallel: true, max_workers: 3 });
    expect(orchestration.parallel_groups).toEqual([
      ['prepare_source', 'ping_sink'],
      ['reset_sink', 'extract_customers', 'extract_orders'],
      ['post_customers', 'post_orders'],
      ['verify_sink'],
      ['sink_files'],
    ]);
    const { extract_customers: customers, extract_orders: orders } = orchestration.tasks;
    // Both extracts were under way at the same time.
    expect(customers!.start_time! < orders!.end_time! && orders!.start_time! < customers!.end_time!).toBe(true);
    expect(orchestration.tasks.post_orders!.output).toContain('{"table":"orders","received":120}');

    const count = await fetch(`http://127.0.0.1:${sinkPort}/cgi-bin/count`);
    expect((await count.text()).trim()).toBe('{"customers":40,"orders":120}');
  });
});
