import { describe, expect, it } from 'vitest';
import { gitFailureMessage } from '../../../git/git-failure-message.js';

describe('gitFailureMessage', () => {
  it('says plainly that git is missing instead of showing a stack', () => {
    const error = new Error('Error: spawn git ENOENT\n    at ChildProcess._handle.onexit (node:internal/child_process:285:19)');
    expect(gitFailureMessage(error)).toBe('git is not installed or not on PATH (spawn git ENOENT)');
  });

  it('keeps only the message of a wrapped spawn error', () => {
    expect(gitFailureMessage(new Error('Error: spawn EACCES\n    at foo (bar.js:1:1)'))).toBe('spawn EACCES');
  });

  it("passes git's own message through, trimmed", () => {
    expect(gitFailureMessage(new Error('fatal: No such ref: HEAD\n'))).toBe('fatal: No such ref: HEAD');
    expect(gitFailureMessage('plain text')).toBe('plain text');
    expect(gitFailureMessage(new Error('   '))).toBe('git failed without a message');
  });
});
