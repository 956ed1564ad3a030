import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProcess } from '../../../process/run-process.js';
import type { ProcessResult } from '../../../process/types.js';
import { isAlive, liveGroupMembers, numbersIn } from './live-processes.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/processes/${name}`, import.meta.url));
const node = process.execPath;

type Seen = { stream: 'stdout' | 'stderr'; text: string };

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-process-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * The numbers a fixture printed about the tree it started (group, grandchild, escaped pid).
 * When a test fails, that tree may still run `sleep 1000`: afterEach stops whatever is left.
 */
const trees: Record<string, number>[] = [];
function trackTree(): Record<string, number> {
  const found: Record<string, number> = {};
  trees.push(found);
  return found;
}
afterEach(() => {
  const killQuietly = (pid: number) => {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  };
  for (const found of trees.splice(0)) {
    if (found.group !== undefined && liveGroupMembers(found.group).length > 0) killQuietly(-found.group);
    for (const pid of [found.grandchild, found.escaped]) if (pid !== undefined && isAlive(pid)) killQuietly(pid);
  }
});

/** Aborts `controller` on the first line carrying `group=` and remembers the numbers in it. */
function abortWhenTreeIsUp(controller: AbortController, found: Record<string, number>) {
  return (_stream: 'stdout' | 'stderr', line: string) => {
    if (!line.includes('group=')) return;
    Object.assign(found, numbersIn(line));
    controller.abort();
  };
}

describe('runProcess: exit codes and result', () => {
  it('reports success for exit 0 and keeps both streams in the tail', async () => {
    const result = await runProcess({ command: [node, fixture('exit-with.mjs'), '0'], cwd: dir });
    expect(result).toMatchObject({ exitCode: 0, signal: null, timedOut: false, aborted: false, success: true });
    expect(result.spawnError).toBeUndefined();
    expect(result.outputTail).toContain('exiting with 0\n');
    expect(result.outputTail).toContain('stderr before exit 0\n');
    expect(result.commandLine).toBe(`${node} ${fixture('exit-with.mjs')} 0`);
    expect(result.durationMs).toBeGreaterThan(0);
  });

  it('returns (does not throw) a non-zero exit code', async () => {
    const result = await runProcess({ command: [node, fixture('exit-with.mjs'), '3'], cwd: dir });
    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, aborted: false, success: false });
  });

  it('runs a string as a /bin/sh line with pipes, variables and the given env', async () => {
    const line = 'echo "$GREETING" | tr a-z A-Z; exit 4';
    const lines: string[] = [];
    const result = await runProcess({ command: line, cwd: dir, env: { GREETING: 'hello there' }, onLine: (_s, l) => lines.push(l) });
    expect(lines).toEqual(['HELLO THERE']);
    expect(result).toMatchObject({ exitCode: 4, success: false, commandLine: line });
  });

  it('quotes argv in commandLine so it can be pasted into a shell', async () => {
    const result = await runProcess({ command: ['printf', '%s|', 'a b', "it's"], cwd: dir });
    expect(result.outputTail).toBe("a b|it's|");
    expect(result.commandLine).toBe("printf '%s|' 'a b' 'it'\\''s'");
  });

  it('runs in cwd and adds env to the inherited environment', async () => {
    const lines: string[] = [];
    await runProcess({
      command: [node, fixture('print-context.mjs'), 'ETL_CYCLE_TEST_VAR', 'PATH'],
      cwd: dir,
      env: { ETL_CYCLE_TEST_VAR: 'value with spaces and ünïcode' },
      onLine: (_s, l) => lines.push(l),
    });
    expect(lines[0]).toBe(`cwd=${dir}`);
    expect(lines[1]).toBe('ETL_CYCLE_TEST_VAR=value with spaces and ünïcode');
    expect(lines[2]).toBe(`PATH=${process.env.PATH}`);
  });
});

describe('runProcess: streaming', () => {
  it('delivers output while the child is still running', async () => {
    // tree.sh never exits by itself: the run can only end because a line arrived before exit.
    const controller = new AbortController();
    const found = trackTree();
    const result = await runProcess({
      command: [fixture('tree.sh')],
      cwd: dir,
      signal: controller.signal,
      killGraceMs: 2_000,
      timeoutMs: 60_000,
      onLine: abortWhenTreeIsUp(controller, found),
    });
    expect(result.aborted).toBe(true);
    expect(result.timedOut).toBe(false);
    expect(found.group).toBeGreaterThan(0);
  });

  it('keeps the arrival order across stdout and stderr in callbacks, tail and log file', async () => {
    const logFile = join(dir, 'logs', 'nested', 'run.log');
    const lines: Seen[] = [];
    const chunks: Seen[] = [];
    const result = await runProcess({
      command: [node, fixture('handshake.mjs'), dir, '6'],
      cwd: dir,
      logFile,
      onOutput: (stream, text) => chunks.push({ stream, text }),
      onLine: (stream, text) => {
        lines.push({ stream, text });
        // Acknowledge: the fixture writes its next line only after this file exists.
        void writeFile(join(dir, `ack-${lines.length}`), '');
      },
    });
    const expected: Seen[] = [1, 2, 3, 4, 5, 6].map((n) => ({
      stream: n % 2 ? 'stdout' : 'stderr',
      text: `${n % 2 ? 'out' : 'err'} ${n}`,
    }));
    expect(result.success).toBe(true);
    expect(lines).toEqual(expected);
    expect(chunks.map((c) => c.text).join('')).toBe(expected.map((e) => `${e.text}\n`).join(''));
    expect(chunks.map((c) => c.stream)).toEqual(expected.map((e) => e.stream));
    const text = expected.map((e) => `${e.text}\n`).join('');
    expect(result.outputTail).toBe(text);
    expect(await readFile(logFile, 'utf8')).toBe(text);
  });

  it('joins lines split across chunks: mid-line, CRLF, multi-byte UTF-8, last line without newline', async () => {
    const lines: Seen[] = [];
    let raw = '';
    const result = await runProcess({
      command: [node, fixture('split-writes.mjs')],
      cwd: dir,
      onLine: (stream, text) => lines.push({ stream, text }),
      onOutput: (_stream, text) => {
        raw += text;
      },
    });
    expect(result.success).toBe(true);
    expect(lines.map((l) => l.text)).toEqual(['hello world', 'second line', 'café €', 'no newline at the end']);
    expect(raw).toBe('hello world\r\nsecond line\r\ncafé €\nno newline at the end');
    expect(raw).not.toContain('\uFFFD');
  });

  it('bounds the tail to maxBufferBytes while the log file gets everything', async () => {
    const logFile = join(dir, 'chatty.log');
    let lineCount = 0;
    const result = await runProcess({
      command: [node, fixture('chatty.mjs'), '20000'],
      cwd: dir,
      logFile,
      maxBufferBytes: 4096,
      onLine: () => {
        lineCount += 1;
      },
    });
    expect(result.success).toBe(true);
    expect(Buffer.byteLength(result.outputTail)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(result.outputTail)).toBeGreaterThan(3000);
    const logged = await readFile(logFile, 'utf8');
    // Same arrival order in both: the tail is exactly the end of the log.
    expect(logged.endsWith(result.outputTail)).toBe(true);
    // Not `toContain('the end')`: stdout and stderr are two pipes, and on a loaded machine the
    // parent can still be reading stderr's backlog (more than the 4 KiB tail) after stdout ended.
    expect(logged).toContain('the end\n');
    expect(result.outputTail.endsWith('\n')).toBe(true);
    const loggedLines = logged.split('\n').filter(Boolean);
    expect(loggedLines).toHaveLength(20000 + 2000 + 1);
    expect(loggedLines.filter((l) => l.startsWith('line ')).map((l) => Number(l.slice(5, 12)))).toEqual(
      Array.from({ length: 20000 }, (_, i) => i + 1),
    );
    expect(lineCount).toBe(loggedLines.length);
  });

  it('appends to an existing log file', async () => {
    const logFile = join(dir, 'appended.log');
    await runProcess({ command: 'echo first', cwd: dir, logFile });
    await runProcess({ command: 'echo second >&2', cwd: dir, logFile });
    expect(await readFile(logFile, 'utf8')).toBe('first\nsecond\n');
  });
});

describe('runProcess: stopping the whole tree', () => {
  it('timeout: SIGTERM to the group, no grandchild survives', async () => {
    const found = trackTree();
    const result = await runProcess({
      command: [fixture('tree.sh')],
      cwd: dir,
      timeoutMs: 700,
      killGraceMs: 5_000,
      onLine: (_s, line) => Object.assign(found, numbersIn(line)),
    });
    expect(result).toMatchObject({ timedOut: true, aborted: false, success: false, exitCode: null, signal: 'SIGTERM' });
    expect(found.group).toBeGreaterThan(0);
    expect(liveGroupMembers(found.group!)).toEqual([]);
    expect(isAlive(found.grandchild!)).toBe(false);
  });

  it('abort: SIGTERM to the group, no grandchild survives', async () => {
    const controller = new AbortController();
    const found = trackTree();
    const result = await runProcess({
      command: [fixture('tree.sh')],
      cwd: dir,
      signal: controller.signal,
      killGraceMs: 5_000,
      onLine: abortWhenTreeIsUp(controller, found),
    });
    expect(result).toMatchObject({ aborted: true, timedOut: false, success: false, exitCode: null, signal: 'SIGTERM' });
    expect(liveGroupMembers(found.group!)).toEqual([]);
    expect(isAlive(found.grandchild!)).toBe(false);
  });

  it('a tree that ignores SIGTERM gets SIGKILL after the grace period', async () => {
    const controller = new AbortController();
    const found = trackTree();
    const result = await runProcess({
      command: [fixture('ignore-term.sh')],
      cwd: dir,
      signal: controller.signal,
      killGraceMs: 300,
      onLine: abortWhenTreeIsUp(controller, found),
    });
    expect(result).toMatchObject({ aborted: true, exitCode: null, signal: 'SIGKILL', success: false });
    expect(liveGroupMembers(found.group!)).toEqual([]);
    expect(isAlive(found.grandchild!)).toBe(false);
  });

  it('hooks our exit only while the child runs, and removes the hook afterwards', async () => {
    const before = { exit: process.listenerCount('exit'), sigterm: process.listenerCount('SIGTERM') };
    let during: typeof before | undefined;
    await runProcess({
      command: 'echo running',
      cwd: dir,
      onLine: () => {
        during = { exit: process.listenerCount('exit'), sigterm: process.listenerCount('SIGTERM') };
      },
    });
    expect(during!.sigterm).toBeGreaterThan(before.sigterm);
    expect({ exit: process.listenerCount('exit'), sigterm: process.listenerCount('SIGTERM') }).toEqual(before);
  });

  it('a signal already aborted: nothing is started', async () => {
    const logFile = join(dir, 'never.log');
    const lines: string[] = [];
    const result = await runProcess({
      command: 'echo should-not-run',
      cwd: dir,
      signal: AbortSignal.abort(),
      logFile,
      onLine: (_s, l) => lines.push(l),
    });
    expect(result).toMatchObject({ aborted: true, exitCode: null, signal: null, success: false, outputTail: '' });
    expect(lines).toEqual([]);
  });

  it('stops background processes the child leaves behind when it exits', async () => {
    const found = trackTree();
    const result = await runProcess({
      command: [fixture('leave-background.sh')],
      cwd: dir,
      killGraceMs: 2_000,
      onLine: (_s, line) => Object.assign(found, numbersIn(line)),
    });
    expect(result).toMatchObject({ exitCode: 0, success: true, timedOut: false, aborted: false });
    expect(liveGroupMembers(found.group!)).toEqual([]);
    expect(isAlive(found.grandchild!)).toBe(false);
  });

  it('returns even when a process outside the group keeps the output pipe open', async () => {
    const found = trackTree();
    let result: ProcessResult | undefined;
    try {
      result = await runProcess({
        command: [fixture('escape-group.sh')],
        cwd: dir,
        onLine: (_s, line) => Object.assign(found, numbersIn(line)),
      });
    } finally {
      // Outside our group on purpose, so runProcess rightly leaves it alone: stop it here.
      if (found.escaped !== undefined) process.kill(found.escaped, 'SIGKILL');
    }
    expect(result).toMatchObject({ exitCode: 0, success: true });
    expect(found.escaped).toBeGreaterThan(0);
  });

  it('rethrows an exception from a callback after stopping the tree', async () => {
    const found = trackTree();
    const run = runProcess({
      command: [fixture('tree.sh')],
      cwd: dir,
      killGraceMs: 2_000,
      onLine: (_s, line) => {
        Object.assign(found, numbersIn(line));
        throw new Error('callback bug');
      },
    });
    await expect(run).rejects.toThrow('callback bug');
    expect(liveGroupMembers(found.group!)).toEqual([]);
  });
});

describe('runProcess: could not start', () => {
  it('command not found: exitCode null and the OS error as a stderr line', async () => {
    const logFile = join(dir, 'enoent.log');
    const lines: Seen[] = [];
    const result = await runProcess({
      command: ['etl-cycle-no-such-command', '--flag'],
      cwd: dir,
      logFile,
      onLine: (stream, text) => lines.push({ stream, text }),
    });
    expect(result).toMatchObject({ exitCode: null, signal: null, success: false, timedOut: false, aborted: false });
    expect(result.spawnError).toBe('spawn etl-cycle-no-such-command ENOENT');
    expect(lines).toEqual([{ stream: 'stderr', text: 'spawn etl-cycle-no-such-command ENOENT' }]);
    expect(await readFile(logFile, 'utf8')).toBe('spawn etl-cycle-no-such-command ENOENT\n');
    expect(result.outputTail).toBe('spawn etl-cycle-no-such-command ENOENT\n');
  });

  it('missing cwd: names the directory, not just the program', async () => {
    const missing = join(dir, 'does-not-exist');
    const result = await runProcess({ command: ['true'], cwd: missing });
    expect(result.exitCode).toBeNull();
    expect(result.spawnError).toBe(`spawn true ENOENT (working directory ${missing} does not exist)`);
  });

  it('not executable: the OS says EACCES', async () => {
    const script = join(dir, 'not-executable.sh');
    await writeFile(script, 'echo hi\n', { mode: 0o644 });
    const result = await runProcess({ command: [script], cwd: dir });
    expect(result.spawnError).toBe(`spawn ${script} EACCES`);
  });

  it('rejects invalid options with the option, the value and its type', async () => {
    await expect(runProcess({ command: [], cwd: dir })).rejects.toThrow(
      'runProcess: option "command" must be a shell line or a non-empty array of strings (program first), got [] (array)',
    );
    await expect(runProcess({ command: 'true', cwd: dir, timeoutMs: -5 })).rejects.toThrow(
      'option "timeoutMs" must be a positive number of milliseconds, got -5 (number)',
    );
  });

  it('fails up front when the log file cannot be opened', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, '');
    await expect(runProcess({ command: 'true', cwd: dir, logFile: join(blocker, 'run.log') })).rejects.toMatchObject({ code: 'E_PROCESS' });
  });
});
