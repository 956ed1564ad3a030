import { describe, expect, it } from 'vitest';
import { DEFAULT_REF_PREFIX, sideRefName } from '../../../git/side-ref-name.js';

describe('sideRefName', () => {
  it('builds <prefix>/<execution>/<iteration>, refs/etl-cycle by default', () => {
    expect(DEFAULT_REF_PREFIX).toBe('refs/etl-cycle');
    expect(sideRefName(undefined, '20261122_043533_k3f9', 3)).toEqual({ ok: true, ref: 'refs/etl-cycle/20261122_043533_k3f9/3' });
    expect(sideRefName('refs/ci/snapshots/', 'run-1', 0)).toEqual({ ok: true, ref: 'refs/ci/snapshots/run-1/0' });
  });

  it.each(['etl-cycle', 'refs', 'refs/', 'refs/a b', 'refs/x..y', 'refs/x.lock', 'refs/-x', 'heads/main'])(
    'rejects the prefix %j',
    (prefix) => {
      const name = sideRefName(prefix, 'run', 1);
      expect(name.ok).toBe(false);
      if (!name.ok)
        expect(name.reason).toMatch(/^git ref prefix ".*" is not a valid ref namespace: use refs\/<name>, e\.g\. refs\/etl-cycle$/);
    },
  );

  it('rejects an execution id or iteration that cannot be part of a ref', () => {
    expect(sideRefName(undefined, 'a/b', 1)).toEqual({ ok: false, reason: 'execution id "a/b" cannot be part of a git ref name' });
    expect(sideRefName(undefined, 'run', -1)).toEqual({ ok: false, reason: 'iteration -1 is not a non-negative integer' });
    expect(sideRefName(undefined, 'run', 1.5)).toEqual({ ok: false, reason: 'iteration 1.5 is not a non-negative integer' });
  });
});
