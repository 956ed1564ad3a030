import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hookScript, isOurHook } from '../../../../cli/hook/hook-script.js';
import { addHuskyBlock, hasHuskyBlock, newHuskyFile, removeHuskyBlock } from '../../../../cli/hook/husky-block.js';
import { addLefthookCommand, hasLefthookCommand, removeLefthookCommand } from '../../../../cli/hook/lefthook-config.js';
import { shellQuoteArg } from '../../../../cli/hook/shell-quote-arg.js';

const args = ['--config', "etl/it's here/etl-cycle.yaml"];

describe('the pre-push hook script', () => {
  it('is valid sh, marked as ours, and quotes paths with spaces and quotes', () => {
    const script = hookScript({ node: '/opt/node 20/bin/node', cli: '/x/bin/etl-cycle.js', args });
    expect(isOurHook(script)).toBe(true);
    expect(spawnSync('sh', ['-n'], { input: script }).status).toBe(0);
    expect(script).toContain(`node='/opt/node 20/bin/node'`);
    expect(script).toContain(`hook run --config 'etl/it'\\''s here/etl-cycle.yaml' "$@"`);
  });

  it('shell quoting leaves plain words alone', () => {
    expect(shellQuoteArg('etl/etl-cycle.yaml')).toBe('etl/etl-cycle.yaml');
    expect(shellQuoteArg('a b')).toBe(`'a b'`);
  });
});

describe('husky: a block in .husky/pre-push', () => {
  it('is added after what the file runs, replaced on reinstall, removed exactly', () => {
    const original = 'npm test\n';
    const once = addHuskyBlock(original, ['--config', 'etl-cycle.yaml']);
    expect(once.startsWith('npm test\n# >>> etl-cycle')).toBe(true);
    expect(once).toContain('npx --no-install etl-cycle hook run --config etl-cycle.yaml "$@"\n');
    expect(hasHuskyBlock(once)).toBe(true);
    const twice = addHuskyBlock(once, ['--config', 'other.yaml']);
    expect(twice.match(/# >>> etl-cycle/g)).toHaveLength(1);
    expect(twice).toContain('--config other.yaml');
    expect(removeHuskyBlock(twice)).toBe(original);
    expect(spawnSync('sh', ['-n'], { input: once }).status).toBe(0);
  });

  it('a new file for husky 4-8 has its loader line; husky 9 needs none', () => {
    expect(newHuskyFile(true)).toContain('_/husky.sh');
    expect(newHuskyFile(false)).toBe('');
  });
});

describe('lefthook: a command in lefthook.yml', () => {
  const file = 'lefthook.yml';
  it('is added under pre-push.commands with use_stdin, keeping the rest and its comments', () => {
    const original = '# team hooks\npre-commit:\n  commands:\n    lint:\n      run: npm run lint # fast\n';
    const added = addLefthookCommand(original, file, ['--config', 'etl-cycle.yaml']);
    expect(added).toContain('# team hooks');
    expect(added).toContain('run: npm run lint # fast');
    expect(added).toMatch(
      /pre-push:\n {2}commands:\n {4}etl-cycle:\n {6}run: npx --no-install etl-cycle hook run --config etl-cycle.yaml\n {6}use_stdin: true\n/,
    );
    expect(hasLefthookCommand(added, file)).toBe(true);
    expect(removeLefthookCommand(added, file)).toBe(original);
  });

  it('an empty lefthook.yml gets the command', () => {
    expect(hasLefthookCommand(addLefthookCommand('', file, []), file)).toBe(true);
  });

  it('keeps other pre-push commands when removing ours', () => {
    const text = 'pre-push:\n  commands:\n    test:\n      run: npm test\n';
    expect(removeLefthookCommand(addLefthookCommand(text, file, []), file)).toBe(text);
  });

  it('an invalid lefthook.yml is one line naming the file', () => {
    expect(() => addLefthookCommand('pre-push: [\n', file, [])).toThrow(/^lefthook.yml: invalid YAML/);
  });
});
