/**
 * Runs the built CLI (bin/etl-cycle.js → dist/) as a real child process, as a user would, and
 * reads back what it left: exit code, output and the report.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunReport } from '../../agent/report.js';

export const CLI = fileURLToPath(new URL('../../bin/etl-cycle.js', import.meta.url));

export interface CliResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Called with each chunk of stderr; return true to send `signal` to the CLI. */
  killWhen?: (stderrSoFar: string) => boolean;
  signal?: NodeJS.Signals;
  timeoutMs?: number;
}

/**
 * The CI the suite itself runs on must not leak into the CLI under test (a GitHub runner's
 * GITHUB_OUTPUT would collect every test's outputs): tests that want one set it themselves.
 */
const CI_PROVIDER_VARIABLES = ['GITHUB_ACTIONS', 'GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_WORKSPACE', 'GITLAB_CI'];

export function cliEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', NO_COLOR: '1' };
  for (const name of CI_PROVIDER_VARIABLES) delete env[name];
  return { ...env, ...extra };
}

export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: cliEnvironment(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && options.killWhen?.(stderr)) {
        sent = true;
        child.kill(options.signal ?? 'SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout, stderr });
    });
  });
}

/** The one report a run left in `logsDir`. */
export async function readOnlyReport(logsDir: string): Promise<RunReport> {
  const names = (await readdir(logsDir)).filter((n) => n.startsWith('auto_cycle_report_') && n.endsWith('.json'));
  if (names.length !== 1) throw new Error(`expected one report in ${logsDir}, found ${names.length}: ${names.join(', ')}`);
  return JSON.parse(await readFile(join(logsDir, names[0]!), 'utf8')) as RunReport;
}
