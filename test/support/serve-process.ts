/**
 * `etl-cycle serve` of the built CLI as a real process: started on a free port, its URL read
 * from the line it prints, stopped with SIGTERM as a service manager would.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { CLI, cliEnvironment } from './cli.js';
import { createTestProject } from './project.js';
import type { TestProject, ProjectSpec } from './project.js';

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<number | null>;
}

export function startServe(cwd: string, args: string[] = [], env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
    cwd,
    env: cliEnvironment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 30 s:\n${stderr}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /on (http:\/\/\S+?)\/? \(/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({
          url: match[1]!.replace(/\/$/, ''),
          child,
          stderr: () => stderr,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before it listened:\n${stderr}`));
    });
  });
}

/**
 * The project and the server of each test in a file, stopped and disposed after it whatever the
 * test did: call once at the top of the file.
 */
export function serveTestKit(): {
  project(options: ProjectSpec): Promise<TestProject>;
  serve(cwd: string, args?: string[], env?: Record<string, string>): Promise<ServeProcess>;
} {
  let project: TestProject | undefined;
  let server: ServeProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    await project?.dispose();
    project = server = undefined;
  });
  return {
    project: async (options) => (project = await createTestProject(options)),
    serve: async (cwd, args, env) => (server = await startServe(cwd, args, env)),
  };
}

/** Reads a server-sent event stream to its end: the data lines, and the `end` event's data. */
export async function readEvents(url: string, headers: Record<string, string> = {}): Promise<{ lines: string[]; end: unknown }> {
  const res = await fetch(url, { headers });
  if (res.status !== 200 || !res.body) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  const text = await res.text();
  const lines: string[] = [];
  let end: unknown;
  for (const block of text.split('\n\n')) {
    const event = /^event: (\w+)$/m.exec(block)?.[1];
    const data = block
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6));
    if (event === 'end') end = JSON.parse(data.join('\n'));
    else lines.push(...data);
  }
  return { lines, end };
}
