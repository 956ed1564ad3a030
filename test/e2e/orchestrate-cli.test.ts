/**
 * `etl-cycle orchestrate`, `tasks` and `workflows` through the built CLI, as a user runs them:
 * exit codes, the dry run, status, --resume, a config error, and SIGINT killing the task tree.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrchestrationReport } from '../../orchestrator/types.js';
import { isAlive } from '../integration/process/live-processes.js';
import { runCli } from '../support/cli.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

let project: TestProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

const tasks = `compose: false
orchestrator: { workflow: etl }
tasks:
  extract_a: { run: "echo extracted a", category: extraction }
  extract_b: { run: "echo extracted b", category: extraction }
  load: { run: "test -f source.ready || { echo 'source.ready: No such file or directory' >&2; exit 1; }; echo loaded", depends_on: [extract_a, extract_b], category: load }
  validate: { run: "touch validated; echo valid", depends_on: [load], category: validation }
workflows:
  etl: { tasks: [validate], parallel: true, max_workers: 2, description: "extract, load, validate" }
`;

describe('etl-cycle orchestrate (CLI)', () => {
  it('--dry-run prints the plan and runs nothing', async () => {
    project = await createTestProject({ prefix: 'orchdry', config: tasks });
    const result = await runCli(['orchestrate', '--workflow', 'etl', '--dry-run'], { cwd: project.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('dry run — nothing is run. workflow etl: 4 task(s), parallel, up to 2 at once');
    expect(result.stdout).toContain('  1: extract_a, extract_b\n  2: load\n  3: validate\n');
    expect(existsSync(join(project.dir, 'validated'))).toBe(false);
    expect(existsSync(join(project.logsDir, 'orchestrations'))).toBe(false);
  });

  it('exits 1 when a critical task fails, shows it in status, and --resume finishes the run from there', async () => {
    project = await createTestProject({ prefix: 'orchresume', config: tasks });
    const failed = await runCli(['orchestrate'], { cwd: project.dir });
    expect(failed.exitCode).toBe(1);
    expect(failed.stdout).toContain('[extract_a] extracted a');
    expect(failed.stderr).toContain('[load] source.ready: No such file or directory');
    expect(failed.stdout).toMatch(/✖ load: exit code 1/);
    expect(failed.stdout).toContain('⊘ validate: skipped: dependency load failed');
    const id = /orchestration (\S+) failed/.exec(failed.stdout)![1]!;

    const latest = await runCli(['orchestrate', 'status', '--latest', '--json'], { cwd: project.dir });
    const report = JSON.parse(latest.stdout) as OrchestrationReport;
    expect(report).toMatchObject({ execution_id: id, workflow: 'etl', success: false, state: 'finished' });
    const listed = await runCli(['orchestrate', 'status'], { cwd: project.dir });
    expect(listed.stdout).toMatch(new RegExp(`${id}\\s+\\S+ \\S+\\s+etl\\s+failed`));

    await writeFile(join(project.dir, 'source.ready'), '');
    const resumed = await runCli(['orchestrate', '--resume', id], { cwd: project.dir });
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toContain(`✔ extract_a: succeeded in ${id}, not run again`);
    expect(resumed.stdout).toContain('[load] loaded');
    const detail = await runCli(['orchestrate', 'status', '--latest'], { cwd: project.dir });
    expect(detail.stdout).toMatch(/workflow etl — succeeded/);
    expect(detail.stdout).toMatch(new RegExp(`extract_a\\s+succeeded.*done in ${id}`));
  });

  it('rejects a dependency cycle and an unknown workflow with one line and exit 2', async () => {
    project = await createTestProject({
      prefix: 'orchcycle',
      config: `compose: false
orchestrator: { command: x }
tasks:
  a: { run: "true", depends_on: [c] }
  b: { run: "true", depends_on: [a] }
  c: { run: "true", depends_on: [b] }
workflows:
  all: { tasks: [c] }
`,
    });
    const validate = await runCli(['orchestrate', 'validate'], { cwd: project.dir });
    expect(validate.exitCode).toBe(2);
    expect(validate.stderr).toBe(
      `etl-cycle: ${project.configFile}: tasks.a.depends_on: dependency cycle a → c → b → a\n  hint: each arrow reads "depends on"; remove one of these dependencies\n`,
    );
    const unknown = await runCli(['orchestrate', '-w', 'al'], { cwd: project.dir });
    expect(unknown.exitCode).toBe(2);
  });

  it('lists tasks (by category) and workflows, as text and JSON', async () => {
    project = await createTestProject({ prefix: 'orchlist', config: tasks });
    const extraction = await runCli(['tasks', 'list', '--category', 'extraction'], { cwd: project.dir });
    expect(
      extraction.stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['ID', 'extract_a', 'extract_b']);
    const json = JSON.parse((await runCli(['tasks', 'list', '--json'], { cwd: project.dir })).stdout) as {
      id: string;
      depends_on: string[];
    }[];
    expect(json.find((t) => t.id === 'load')!.depends_on).toEqual(['extract_a', 'extract_b']);
    const workflows = JSON.parse((await runCli(['workflows', 'list', '--json'], { cwd: project.dir })).stdout) as unknown[];
    expect(workflows).toEqual([
      {
        name: 'etl',
        description: 'extract, load, validate',
        tasks: ['validate'],
        all_tasks: ['extract_a', 'extract_b', 'load', 'validate'],
        parallel: true,
        max_workers: 2,
        continue_on_failure: false,
      },
    ]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)("%s stops the running task's whole tree, writes the aborted report and exits %d", async (signal, code) => {
    project = await createTestProject({
      prefix: 'orchsig',
      config: `compose: false
orchestrator: { command: x }
tasks:
  long: { run: "sleep 300 & echo $! > grandchild.pid; echo started >&2; wait" }
  after: { run: "echo never", depends_on: [long] }
`,
    });
    const result = await runCli(['orchestrate', '--tasks', 'after'], {
      cwd: project.dir,
      killWhen: (stderr) => stderr.includes('[long] started'),
      signal,
    });
    expect(result.exitCode).toBe(code);
    expect(result.stdout).toContain(`⊘ after: skipped: the run was stopped by ${signal}`);
    const latest = JSON.parse(
      (await runCli(['orchestrate', 'status', '--latest', '--json'], { cwd: project.dir })).stdout,
    ) as OrchestrationReport;
    expect(latest).toMatchObject({ stop_reason: 'aborted', signal, success: false, state: 'finished' });
    expect(latest.tasks.long).toMatchObject({ status: 'failed', error: `aborted: stopped by ${signal}` });
    const grandchild = Number(await readFile(join(project.dir, 'grandchild.pid'), 'utf8'));
    for (let i = 0; i < 100 && isAlive(grandchild); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(isAlive(grandchild)).toBe(false);
  });
});
