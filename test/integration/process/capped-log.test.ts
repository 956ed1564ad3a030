/**
 * logs.max_size on a real process: a child printing far more than the cap leaves a log of at
 * most the cap, with the head, a marker saying how much was cut, and the tail — which ends with
 * the child's last line — while onLine (the classifier) still received every line, and the
 * segment files are gone.
 */
import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runProcess } from '../../../process/run-process.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('a capped log file', () => {
  it('keeps head and tail of a flood, says what was cut, and onLine sees every line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-capped-'));
    const logFile = join(dir, 'orchestrator.log');
    const lines = 200_000; // ~6 MB of output against a 256 KiB cap
    let seen = 0;
    let last = '';
    const result = await runProcess({
      command: ['sh', '-c', `i=0; while [ $i -lt ${lines} ]; do echo "row $i of the load"; i=$((i+1)); done; echo "ERROR: the last line"`],
      cwd: dir,
      logFile,
      logMaxBytes: 256 * 1024,
      onLine: (_stream, line) => {
        seen += 1;
        last = line;
      },
    });
    expect(result.success).toBe(true);
    expect(seen).toBe(lines + 1);
    expect(last).toBe('ERROR: the last line');
    const text = await readFile(logFile, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(256 * 1024 + 1024); // the cap, plus the two marker lines
    expect(text.startsWith('row 0 of the load\n')).toBe(true);
    expect(text.trimEnd().endsWith('ERROR: the last line')).toBe(true);
    const marker = text.split('\n').find((l) => l.includes(' cut here'));
    expect(marker).toMatch(
      /^… etl-cycle: [\d.]+ MiB \(\d+ lines\) cut here; this log keeps the first .* and the last .* \(logs.max_size: 256 KiB\) …$/,
    );
    // Every line of the log is a whole line of the output (or a marker).
    for (const line of text.split('\n').filter(Boolean))
      expect(line).toMatch(/^(row \d+ of the load|ERROR: the last line|… etl-cycle: .*)$/);
    // Head + kept tail + cut lines = everything printed.
    const kept = text.split('\n').filter((l) => l.startsWith('row ') || l.startsWith('ERROR')).length;
    const cut = Number(/\((\d+) lines\)/.exec(marker!)![1]);
    expect(kept + cut).toBe(lines + 1);
    expect(await readdir(dir)).toEqual(['orchestrator.log']);
  });

  it('under the cap the log is the output, line for line', async () => {
    dir = await mkdtemp(join(tmpdir(), 'etl-cycle-capped-'));
    const logFile = join(dir, 'small.log');
    await runProcess({ command: ['sh', '-c', 'echo one; echo two >&2; printf three'], cwd: dir, logFile, logMaxBytes: 1024 * 1024 });
    expect((await readFile(logFile, 'utf8')).split('\n').sort()).toEqual(['', 'one', 'three', 'two']);
  });
});
