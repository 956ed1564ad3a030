import { describe, expect, it } from 'vitest';
import { checkNode } from '../../../../cli/doctor/check-node.js';

describe('doctor: node version', () => {
  it('passes at or above the engines range, fails below it', () => {
    expect(checkNode('v20.19.0', '>=20.19')).toMatchObject({ status: 'ok' });
    expect(checkNode('v22.1.0', '>=20.19')).toMatchObject({ status: 'ok' });
    expect(checkNode('v20.18.3', '>=20.19')).toMatchObject({
      status: 'fail',
      detail: 'v20.18.3; etl-cycle needs >=20.19: install a newer Node.js',
    });
    expect(checkNode('v18.20.0', '>=20.19')).toMatchObject({ status: 'fail' });
  });
});
