/**
 * Hostile or odd input through the real CLI: refused before anything runs, exit 2, one line on
 * stderr naming the file (and line or field), no stack trace. The in-process fuzz test
 * (test/unit/config/fuzz-inputs.test.ts) covers hundreds of documents; a few of them run here
 * through the binary, to prove the same holds for what a user actually sees.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { generateMalformedDocuments } from '../support/malformed-documents.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function project(files: Record<string, string | Buffer>): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-hostile-'));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

function expectOneLine(result: { exitCode: number | null; stderr: string }, ...fragments: (string | RegExp)[]): void {
  expect(result.exitCode, result.stderr).toBe(2);
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  expect(lines, result.stderr).toHaveLength(1);
  for (const fragment of fragments) {
    if (typeof fragment === 'string') expect(lines[0]).toContain(fragment);
    else expect(lines[0]).toMatch(fragment);
  }
  expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
}

const VALID = 'orchestrator:\n  command: [echo, ok]\ngit:\n  mode: "off"\n';
const laughs = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  'orchestrator:',
  '  command: *i',
].join('\n');

describe('hostile and odd input is refused with one line and exit 2', () => {
  it('a billion-laughs etl-cycle.yaml', async () => {
    const cwd = await project({ 'etl-cycle.yaml': laughs });
    expectOneLine(await runCli(['run'], { cwd }), 'etl-cycle.yaml', 'alias');
  });

  it('bytes that are not UTF-8 in etl-cycle.yaml, in compose.yaml and in the .env file', async () => {
    let cwd = await project({ 'etl-cycle.yaml': Buffer.from('orchestrator:\n  command: [echo, "caf\xe9"]\n', 'latin1') });
    expectOneLine(await runCli(['run'], { cwd }), 'etl-cycle.yaml:2:', 'not valid UTF-8', 'byte 0xe9 at offset 36');
    await rm(cwd, { recursive: true });
    cwd = await project({
      'etl-cycle.yaml': VALID,
      'compose.yaml': Buffer.from('services:\n  db:\n    image: "na\xefve"\n', 'latin1'),
    });
    expectOneLine(await runCli(['run'], { cwd }), 'compose.yaml:3:', 'not valid UTF-8');
    await rm(cwd, { recursive: true });
    cwd = await project({
      'etl-cycle.yaml': VALID,
      'compose.yaml': 'services:\n  db:\n    image: etl-cycle/busybox:1\n',
      '.env': Buffer.from([0xff, 0xfe, 0x41, 0x00]),
    });
    expectOneLine(await runCli(['config', 'check'], { cwd }), '.env:1:', 'UTF-16');
  });

  it('a directory named compose.yaml is not an empty stack', async () => {
    const cwd = await project({ 'etl-cycle.yaml': VALID });
    await mkdir(join(cwd, 'compose.yaml'));
    expectOneLine(await runCli(['run'], { cwd }), 'compose.yaml', 'is a directory');
  });

  it('--max-iterations abc names the flag and the value', async () => {
    const cwd = await project({ 'etl-cycle.yaml': 'compose: false\n' + VALID });
    expectOneLine(await runCli(['run', '--max-iterations', 'abc'], { cwd }), '--max-iterations', '"abc"');
    expectOneLine(await runCli(['orchestrate', '--max-workers', '2x'], { cwd }), '--max-workers', '"2x"');
  });

  it('git.required: true outside a git repository', async () => {
    const cwd = await project({ 'etl-cycle.yaml': 'compose: false\norchestrator:\n  command: [echo, ok]\ngit:\n  required: true\n' });
    expectOneLine(await runCli(['run'], { cwd }), 'etl-cycle.yaml', 'git.required', 'not inside a git work tree');
  });

  it('a handful of the fuzz documents through `config check`', async () => {
    const configs = generateMalformedDocuments('config', 26, 99).filter((_, i) => i % 5 === 0);
    const composes = generateMalformedDocuments('compose', 26, 98).filter((_, i) => i % 9 === 0);
    const cwd = await project({});
    for (const doc of configs) {
      await writeFile(join(cwd, 'etl-cycle.yaml'), doc.bytes);
      const result = await runCli(['config', 'check'], { cwd });
      if (result.exitCode === 0) continue; // a mutation that left a valid config
      expectOneLine(result, 'etl-cycle.yaml');
    }
    await writeFile(join(cwd, 'etl-cycle.yaml'), VALID);
    for (const doc of composes) {
      await writeFile(join(cwd, 'compose.yaml'), doc.bytes);
      const result = await runCli(['config', 'check'], { cwd });
      if (result.exitCode === 0) continue;
      expectOneLine(result, 'compose.yaml');
    }
  });
});
