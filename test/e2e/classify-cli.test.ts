/**
 * `etl-cycle classify` as a user runs it (the built CLI, a real process): the exit code, a
 * suggestion for an unmatched failure, and start-up: the built-in catalogue comes compiled, so
 * classifying a log loads none of the modules that read and check packs (yaml, zod, regexpp,
 * recheck); a user pack does load them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const RECORDER = pathToFileURL(fileURLToPath(new URL('../fixtures/processes/record-modules.mjs', import.meta.url))).href;
const PACK_READING = /\/node_modules\/(?:yaml|zod|recheck|@eslint-community\/regexpp)\//;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-classify-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadedModules(args: string[]): Promise<{ stdout: string; modules: string[] }> {
  const record = join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(record, '');
  const result = await runCli(args, { cwd: dir, env: { NODE_OPTIONS: `--import ${RECORDER}`, RECORD_MODULES: record } });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return { stdout: result.stdout, modules: (await readFile(record, 'utf8')).split('\n').filter(Boolean) };
}

describe('etl-cycle classify (built CLI)', () => {
  it('classifies with the compiled catalogue, loading nothing that reads or checks packs', async () => {
    const log = join(dir, 'run.log');
    await writeFile(log, 'INFO starting load\nERROR:  relation "staging.orders" does not exist\n');
    const { stdout, modules } = await loadedModules(['classify', log, '--exit-code', '1']);
    expect(stdout).toMatch(/^missing_table {2}\(\S+\)\n {2}line 2: ERROR: {2}relation "staging.orders" does not exist\n/);
    expect(modules.some((url) => url.includes('/dist/patterns/engine/'))).toBe(true);
    expect(modules.filter((url) => PACK_READING.test(url))).toEqual([]);
  });

  it('a user pack is read and checked, with the modules that takes', async () => {
    const log = join(dir, 'run.log');
    await writeFile(log, 'loader: widget jammed at station 4\n');
    const pack = join(dir, 'acme.yaml');
    await writeFile(
      pack,
      "pack: acme\npatterns:\n  - id: acme.widget_jammed\n    class: crash\n    regex: 'widget jammed at station (?<task>\\d+)'\n    hint: 'Station {task} jammed.'\n    examples: ['loader: widget jammed at station 4']\n",
    );
    const { stdout, modules } = await loadedModules(['classify', log, '--patterns', pack, '--json']);
    expect(JSON.parse(stdout)).toMatchObject({ primary: 'crash', matches: [{ pattern: 'acme.widget_jammed', captures: { task: '4' } }] });
    expect(modules.some((url) => /\/node_modules\/yaml\//.test(url))).toBe(true);
    expect(modules.some((url) => /\/node_modules\/zod\//.test(url))).toBe(true);
  });

  it('--exit-code 0 on a log that ends in a traceback is a suspicious success; --suggest proposes a pattern', async () => {
    const log = join(dir, 'run.log');
    await writeFile(
      log,
      [
        'INFO exporting',
        'Traceback (most recent call last):',
        '  File "/app/export.py", line 9, in main',
        '    push(part)',
        'RuntimeError: bucket etl-raw rejected part 3: quota exhausted',
        '',
      ].join('\n'),
    );
    const suspicious = await runCli(['classify', log, '--exit-code', '0', '--json'], { cwd: dir });
    expect(JSON.parse(suspicious.stdout).suspicious_success).toMatchObject({ line: 2, last_line: 5 });
    const suggested = await runCli(['classify', log, '--exit-code', '1', '--suggest'], { cwd: dir });
    expect(suggested.exitCode).toBe(0);
    expect(suggested.stdout).toContain('suggested pattern for a pack of yours:');
    const yaml = suggested.stdout.slice(suggested.stdout.indexOf('# Suggested by'));
    const pack = join(dir, 'local.yaml');
    await writeFile(pack, yaml);
    const check = await runCli(['patterns', 'check', pack], { cwd: dir });
    expect(check.stdout).toMatch(/all good/);
    expect(check.exitCode).toBe(0);
  });

  it('a bad --exit-code is one usage line and exit 2', async () => {
    const result = await runCli(['classify', join(dir, 'x.log'), '--exit-code', 'oops'], { cwd: dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(
      'etl-cycle: classify: --exit-code must be a whole number from 0 to 255 (the run\'s exit status), got "oops"',
    );
  });
});
