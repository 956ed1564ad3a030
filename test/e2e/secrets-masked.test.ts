/**
 * Secrets never reach what etl-cycle writes: an orchestrator that prints its password and a
 * database URL with credentials, then fails on a path that holds the password, leaves no trace
 * of either in the console, the run log, the orchestrator log, the report (matched lines and
 * captures), the built-in orchestrator's task logs and report, or the job summary — while the
 * classifier still diagnoses the failure from the real line. On GitHub Actions the runner is
 * told about each secret (`::add-mask::`) before anything else is printed.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';
import { BUSYBOX_IMAGE } from '../support/docker.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

const PASSWORD = 'hunter2-correct-horse';
const URL_PASSWORD = 'url-pass-9876';
const SERVICE_SECRET = 'svc-token-5555';

let project: TestProject | undefined;
let scratch: string | undefined;
afterEach(async () => {
  await project?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  project = undefined;
  scratch = undefined;
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('secrets are masked everywhere output goes', () => {
  it('console, logs, report, task logs and the job summary show *** instead of the secrets', async () => {
    project = await createTestProject({
      prefix: 'secrets',
      compose: `services:
  db:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "echo started; exec sleep 600"]
    environment:
      API_TOKEN: ${SERVICE_SECRET}
    stop_grace_period: 1s
`,
      config: `orchestrator:
  workflow: etl
  env:
    DB_PASSWORD: ${PASSWORD}
    DATABASE_URL: postgres://etl:${URL_PASSWORD}@db:5432/warehouse
readiness:
  services:
    db: { wait: { type: none } }
tasks:
  token:
    exec: { service: db, command: [sh, -c, 'echo "service token is $$API_TOKEN"'] }
  load:
    depends_on: [token]
    run: 'echo "connecting with $DB_PASSWORD to $DATABASE_URL"; echo "alone: ${URL_PASSWORD}"; cat "/nonexistent/$DB_PASSWORD.sql"'
workflows:
  etl: { tasks: [load] }
loop:
  max_iterations: 2
git:
  mode: "off"
`,
    });
    scratch = await mkdtemp(join(tmpdir(), 'etl-cycle-summary-'));
    const summary = join(scratch, 'summary.md');
    const result = await runCli(['run', '--json'], {
      cwd: project.dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(result.exitCode, result.stderr).toBe(1);

    // The classifier saw the real line: the missing file is diagnosed, its path masked in the report.
    const report = await readOnlyReport(project.logsDir);
    expect(report.cycles[0]).toMatchObject({ primary_class: 'file_not_found', failed_task: 'load' });
    expect(report.stop_reason).toBe('non_retryable');
    expect(JSON.stringify(report.cycles[0]!.matches)).toContain('/nonexistent/***.sql');

    // The runner hears of every secret first; after that, no line carries one.
    const lines = result.stderr.split('\n');
    const masks = lines.filter((l) => l.startsWith('::add-mask::'));
    expect(masks).toEqual(expect.arrayContaining([PASSWORD, URL_PASSWORD, SERVICE_SECRET].map((s) => `::add-mask::${s}`)));
    expect(lines.findIndex((l) => !l.startsWith('::add-mask::'))).toBeGreaterThan(lines.findIndex((l) => l.startsWith('::add-mask::')));
    const shown = [lines.filter((l) => !l.startsWith('::add-mask::')).join('\n'), result.stdout, await readFile(summary, 'utf8')];
    expect(shown[0]).toContain('connecting with *** to postgres://etl:***@db:5432/warehouse');
    expect(shown[0]).toContain('service token is ***');

    const files = await filesUnder(project.logsDir);
    expect(files.some((f) => f.includes(`${join('tasks', '')}`) && f.endsWith('load.log'))).toBe(true);
    expect(files.some((f) => f.includes('orchestrator_iteration_1_'))).toBe(true);
    for (const file of files) shown.push(await readFile(file, 'utf8'));
    for (const text of shown) {
      for (const secret of [PASSWORD, URL_PASSWORD, SERVICE_SECRET]) expect(text).not.toContain(secret);
    }
    const taskLog = await readFile(
      files.find((f) => f.endsWith('load.log'))!,
      'utf8',
    );
    expect(taskLog).toContain('alone: ***');
  });
});
