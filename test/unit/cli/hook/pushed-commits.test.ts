import { describe, expect, it } from 'vitest';
import { commitsToTest, parsePrePushInput, pushedCommits } from '../../../../cli/hook/pushed-commits.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const ZERO = '0'.repeat(40);

describe('what a push sends (pre-push stdin)', () => {
  it('reads the four fields of each line', () => {
    expect(parsePrePushInput(`refs/heads/main ${A} refs/heads/main ${B}\n`)).toEqual([
      { localRef: 'refs/heads/main', localSha: A, remoteRef: 'refs/heads/main', remoteSha: B },
    ]);
  });

  it('leaves out deletions and tests a commit pushed to two refs once', () => {
    const refs = parsePrePushInput(
      [
        `refs/heads/main ${A} refs/heads/main ${B}`,
        `refs/heads/main ${A} refs/heads/release ${ZERO}`,
        `(delete) ${ZERO} refs/heads/old ${B}`,
        '',
      ].join('\n'),
    );
    expect(commitsToTest(refs)).toEqual([{ sha: A, refs: ['refs/heads/main', 'refs/heads/release'] }]);
  });

  it('a push of deletions only has nothing to test', () => {
    expect(pushedCommits(`(delete) ${ZERO} refs/heads/old ${B}\n`, {})).toEqual([]);
    expect(pushedCommits('\n', {})).toEqual([]);
  });

  it('the pre-commit framework names the commit in PRE_COMMIT_TO_REF; a manual run tests HEAD', () => {
    expect(pushedCommits('', { PRE_COMMIT_TO_REF: A, PRE_COMMIT_REMOTE_BRANCH: 'refs/heads/main' })).toEqual([
      { sha: A, refs: ['refs/heads/main'] },
    ]);
    expect(pushedCommits(undefined, {})).toEqual([{ sha: 'HEAD', refs: ['HEAD'] }]);
  });

  it('ignores lines that are not refs (a chained hook may echo something)', () => {
    expect(parsePrePushInput('hello world\n')).toEqual([]);
  });
});
