/* eslint-disable no-control-regex -- the GitLab section markers are escape sequences */
/**
 * What `etl-cycle run` leaves for CI, through the built CLI: on GitHub Actions (GITHUB_ACTIONS,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY pointing at temp files) the step outputs, the job summary,
 * a log group per iteration and annotations; on GitLab the collapsible sections; with --junit a
 * JUnit file. The projects have no services, so each run takes a second or two.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Fails once the way a client does when the database is not up yet, then succeeds. */
const FLAKY_TASK = `sh, -c, "if [ -f first-done ]; then echo loaded 3 rows; else touch first-done; echo 'psql: error: connection to server at \\"127.0.0.1\\", port 5432 failed: Connection refused' >&2; exit 2; fi"`;

async function project(tasks: string): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-ci-'));
  const config = [
    'compose: false',
    'orchestrator:',
    '  workflow: etl',
    'tasks:',
    tasks,
    'workflows:',
    '  etl: { tasks: [load] }',
    'loop:',
    '  max_iterations: 3',
    '  backoff: { initial: 0.1s, max: 0.2s }',
    'git:',
    '  mode: "off"',
    'logs:',
    '  dir: logs',
    '',
  ].join('\n');
  await writeFile(join(dir, 'etl-cycle.yaml'), config);
  await writeFile(join(dir, 'outputs'), '');
  await writeFile(join(dir, 'summary.md'), '');
  return dir;
}

function githubEnv(cwd: string): Record<string, string> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: join(cwd, 'outputs'),
    GITHUB_STEP_SUMMARY: join(cwd, 'summary.md'),
    GITHUB_WORKSPACE: cwd,
  };
}

/** The runner's reading of $GITHUB_OUTPUT: `name<<DELIMITER`, value lines, `DELIMITER`. */
function parseOutputs(text: string): Record<string, string> {
  const lines = text.split('\n');
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i += 1) {
    const header = /^([\w-]+)<<(ghadelimiter_[\w-]+)$/.exec(lines[i]!);
    if (!header) continue;
    const value: string[] = [];
    for (i += 1; lines[i] !== header[2]; i += 1) value.push(lines[i]!);
    out[header[1]!] = value.join('\n');
  }
  return out;
}

describe('etl-cycle run in CI', () => {
  it('on GitHub Actions: step outputs, summary, one group per iteration, JUnit with one case per task', async () => {
    const cwd = await project(`  load:\n    run: [${FLAKY_TASK}]\n`);
    const result = await runCli(['run', '--junit', 'reports/etl-cycle.xml'], { cwd, env: githubEnv(cwd) });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(join(cwd, 'logs'));
    expect(report.cycles.map((c) => c.primary_class)).toEqual(['connection_refused', null]);

    const outputs = parseOutputs(await readFile(join(cwd, 'outputs'), 'utf8'));
    expect(outputs).toEqual({
      success: 'true',
      'stop-reason': 'success',
      iterations: '2',
      'execution-id': report.execution_id,
      'report-path': report.report_file,
      class: '',
      diagnosis: '',
    });
    expect(await readFile(join(cwd, 'summary.md'), 'utf8')).toMatch(
      /### etl-cycle: ✅ green after 2 iterations[\s\S]*\| 1 \| ❌ \| .* \| connection_refused \|/,
    );

    const lines = result.stderr.split('\n');
    expect(lines.filter((l) => l.startsWith('::group::'))).toEqual([
      '::group::etl-cycle iteration 1 of 3',
      '::group::etl-cycle iteration 2 of 3',
    ]);
    expect(lines.filter((l) => l === '::endgroup::')).toHaveLength(2);
    expect(lines.some((l) => l.startsWith('::error'))).toBe(false);

    const xml = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => n === 'testsuite' || n === 'testcase',
    }).parse(await readFile(join(cwd, 'reports/etl-cycle.xml'), 'utf8'));
    const suites = xml.testsuites.testsuite as {
      name: string;
      testcase: { name: string; failure?: { type: string; message: string } }[];
    }[];
    expect(suites.map((s) => s.testcase.map((c) => c.name))).toEqual([['load'], ['load']]);
    expect(suites[0]!.testcase[0]!.failure).toMatchObject({ type: 'connection_refused' });
    expect(suites[0]!.testcase[0]!.failure!.message).toMatch(/^connection_refused: .*Connection refused/);
    expect(suites[1]!.testcase[0]!.failure).toBeUndefined();
  });

  it('on GitHub Actions, a failure that retrying cannot fix: success false, its class, an error annotation unescaped where GitHub reads text', async () => {
    const cwd = await project(
      `  load:\n    run: [sh, -c, "echo 'psql: error: connection to server at \\"127.0.0.1\\", port 5432 failed: FATAL:  password authentication failed for user \\"etl\\"' >&2; exit 2"]\n`,
    );
    const result = await runCli(['run'], { cwd, env: githubEnv(cwd) });
    expect(result.exitCode).toBe(1);
    const outputs = parseOutputs(await readFile(join(cwd, 'outputs'), 'utf8'));
    expect(outputs).toMatchObject({ success: 'false', 'stop-reason': 'non_retryable', iterations: '1', class: 'auth_failed' });
    expect(outputs.diagnosis).not.toBe('');
    const error = result.stderr.split('\n').find((l) => l.startsWith('::error '));
    // Properties escape ':' and ','; the message keeps them as they are.
    expect(error).toMatch(/^::error title=etl-cycle%3A stopped after 1 iteration \([^)]*\)%3A a failure that retrying cannot fix::[^%]*$/);
    expect(error).toContain(outputs.diagnosis!.split('\n')[0]!);
  });

  it('on GitHub Actions, a bad key in etl-cycle.yaml is an error annotation on its line and column', async () => {
    const cwd = await project(`  load:\n    run: [echo, ok]\n`);
    await writeFile(join(cwd, 'etl-cycle.yaml'), 'compose: false\norchestrator:\n  command: [echo]\nloop:\n  max_iteration: 3\n');
    const result = await runCli(['run'], { cwd, env: githubEnv(cwd) });
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^etl-cycle: .*etl-cycle.yaml:5: loop.max_iteration: unknown field; did you mean "max_iterations"\?$/);
    expect(lines[1]).toMatch(
      /^::error title=etl-cycle%3A configuration error,file=etl-cycle.yaml,line=5,col=3::.*etl-cycle.yaml:5: loop.max_iteration: unknown field; did you mean "max_iterations"\?$/,
    );
  });

  it('on GitLab CI, each iteration is a collapsible section', async () => {
    const cwd = await project(`  load:\n    run: [${FLAKY_TASK}]\n`);
    const result = await runCli(['run'], { cwd, env: { GITLAB_CI: 'true' } });
    expect(result.exitCode, result.stderr).toBe(0);
    const starts = [...result.stderr.matchAll(/\u001b\[0Ksection_start:\d+:(\w+)\r\u001b\[0K(.*)\n/g)].map((m) => [m[1], m[2]]);
    expect(starts).toEqual([
      ['etl_cycle_iteration_1', 'etl-cycle iteration 1 of 3'],
      ['etl_cycle_iteration_2', 'etl-cycle iteration 2 of 3'],
    ]);
    expect([...result.stderr.matchAll(/\u001b\[0Ksection_end:\d+:(\w+)\r\u001b\[0K\n/g)].map((m) => m[1])).toEqual([
      'etl_cycle_iteration_1',
      'etl_cycle_iteration_2',
    ]);
    expect(result.stderr).not.toContain('::group::');
  });
});
