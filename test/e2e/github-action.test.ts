/**
 * The composite action (action.yml) run the way the GitHub runner runs it: each step's script
 * with `bash --noprofile --norc -eo pipefail`, its `env:` and `working-directory:` evaluated from
 * the inputs, its own GITHUB_OUTPUT file, GITHUB_ACTIONS=true and a GITHUB_STEP_SUMMARY; then
 * the action's outputs resolved from the steps' outputs as declared. The projects have no
 * services, so a run takes seconds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { cliEnvironment } from '../support/cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface ActionStep {
  id: string;
  shell: string;
  run: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

let work: string | undefined;
afterEach(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  work = undefined;
});

/** Parses `name<<DELIMITER` blocks as the runner does. */
function readOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]!);
    if (heredoc) {
      const value: string[] = [];
      for (i += 1; lines[i] !== heredoc[2]; i += 1) value.push(lines[i]!);
      out[heredoc[1]!] = value.join('\n');
      continue;
    }
    const simple = /^([^=]+)=(.*)$/.exec(lines[i]!);
    if (simple) out[simple[1]!] = simple[2]!;
  }
  return out;
}

interface ActionRun {
  status: number | null;
  log: string;
  outputs: Record<string, string>;
  summary: string;
}

async function runAction(workspace: string, inputs: Record<string, string>): Promise<ActionRun> {
  const action = parse(await readFile(join(root, 'action.yml'), 'utf8')) as ActionFile;
  expect(action.runs.using).toBe('composite');
  const input = (name: string) => inputs[name] ?? action.inputs[name]?.default ?? '';
  const steps: Record<string, Record<string, string>> = {};
  const evaluate = (text: string) =>
    text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expression: string) => {
      const [scope, ...rest] = expression.split('.');
      if (scope === 'inputs') return input(rest.join('.'));
      if (scope === 'github' && rest[0] === 'action_path') return root;
      if (scope === 'steps' && rest[1] === 'outputs') return steps[rest[0]!]?.[rest.slice(2).join('.')] ?? '';
      throw new Error(`the test does not evaluate \${{ ${expression} }}`);
    });
  const summary = join(workspace, 'summary.md');
  await writeFile(summary, '');
  let log = '';
  let status: number | null = 0;
  for (const step of action.runs.steps) {
    expect(step.shell).toBe('bash');
    const script = join(workspace, `${step.id}.sh`);
    const outputFile = join(workspace, `${step.id}.outputs`);
    await writeFile(script, step.run);
    await writeFile(outputFile, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v)]));
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: resolve(workspace, evaluate(step['working-directory'] ?? '.')),
      encoding: 'utf8',
      env: cliEnvironment({
        ...env,
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summary,
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: workspace,
      }),
      timeout: 120_000,
    });
    log += result.stdout + result.stderr;
    steps[step.id] = readOutputs(await readFile(outputFile, 'utf8'));
    status = result.status;
    if (status !== 0) break;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, o]) => [name, evaluate(o.value)]));
  return { status, log, outputs, summary: await readFile(summary, 'utf8') };
}

async function workspaceWith(task: string): Promise<string> {
  work = await mkdtemp(join(tmpdir(), 'etl-cycle-action-'));
  const config = [
    'compose: false',
    'orchestrator:',
    `  command: ${task}`,
    'loop:',
    '  max_iterations: 4',
    '  backoff: { initial: 0.1s, max: 0.2s }',
    'git:',
    '  mode: "off"',
    '',
  ].join('\n');
  await writeFile(join(work, 'pipeline.yaml'), config);
  return work;
}

const FLAKY = `[sh, -c, "if [ -f first-done ]; then echo loaded; else touch first-done; echo 'psql: error: connection to server at \\"127.0.0.1\\", port 5432 failed: Connection refused' >&2; exit 2; fi"]`;
const AUTH = `[sh, -c, "echo 'psql: error: connection to server at \\"127.0.0.1\\", port 5432 failed: FATAL:  password authentication failed for user \\"etl\\"' >&2; exit 2"]`;

describe('action.yml', () => {
  it('a run that heals: every declared output set, args split like a shell, the summary written', async () => {
    const workspace = await workspaceWith(FLAKY);
    const run = await runAction(workspace, {
      config: 'pipeline.yaml',
      'max-iterations': '3',
      args: `--junit "reports/etl cycle.xml" --time-budget 5m`,
    });
    expect(run.status, run.log).toBe(0);
    expect(run.outputs).toMatchObject({ success: 'true', 'stop-reason': 'success', iterations: '2', class: '', diagnosis: '' });
    expect(run.outputs['execution-id']).toMatch(/^\d{8}_\d{6}_\w+$/);
    expect(existsSync(run.outputs['report-path']!)).toBe(true);
    const report = JSON.parse(await readFile(run.outputs['report-path']!, 'utf8'));
    expect(report.max_iterations).toBe(3);
    expect(existsSync(join(workspace, 'reports/etl cycle.xml'))).toBe(true);
    expect(run.log).toContain('::group::etl-cycle iteration 1 of 3');
    expect(run.summary).toContain('### etl-cycle: ✅ green after 2 iterations');
  });

  it('a run that cannot be healed fails the step and still sets the outputs', async () => {
    const workspace = await workspaceWith(AUTH);
    const run = await runAction(workspace, { config: 'pipeline.yaml' });
    expect(run.status).toBe(1);
    expect(run.outputs).toMatchObject({ success: 'false', 'stop-reason': 'non_retryable', iterations: '1', class: 'auth_failed' });
    expect(run.outputs.diagnosis).toMatch(/^auth_failed: /);
    expect(run.log).toMatch(/^::error title=etl-cycle%3A stopped after 1 iteration/m);
  });

  it('args holding a shell operator are refused, never run', async () => {
    const workspace = await workspaceWith(FLAKY);
    const run = await runAction(workspace, { config: 'pipeline.yaml', args: '--git off; touch injected' });
    expect(run.status).toBe(2);
    expect(run.log).toContain('::error title=etl-cycle::args: ";" is not an argument');
    expect(existsSync(join(workspace, 'injected'))).toBe(false);
    expect(run.outputs.success).toBe('');
  });
});
