import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import { DEFAULT_SEED, FULL_CLASSIFIER_BYTES, parseBenchArgs, QUICK_CLASSIFIER_BYTES } from '../../../bench/parse-bench-args.js';

const QUICK = ['no-fault', 'wrong-password'] as const;

describe('parseBenchArgs', () => {
  it('defaults to the full run', () => {
    const options = parseBenchArgs([], QUICK);
    expect(options).toMatchObject({
      quick: false,
      runs: 3,
      seed: DEFAULT_SEED,
      classifierBytes: FULL_CLASSIFIER_BYTES,
      startupSamples: 20,
      shellAttempts: 2,
      historyExecutions: 100_000,
      historyPairs: 12,
      keepLogs: false,
    });
    expect(options.scenarios).toHaveLength(9);
    expect(options.stacks).toEqual(['warehouse', 'flaky-upstream', 'chain']);
    expect(options.contenders).toEqual(['etl-cycle', 'compose-retry-loop', 'predecessor']);
    expect(options.suites).toEqual(['startup', 'stop', 'time-to-green', 'classifier', 'output-flood', 'history']);
  });

  it('--quick: one round, the quick scenarios, a smaller classifier log; explicit options still win', () => {
    expect(parseBenchArgs(['--quick'], QUICK)).toMatchObject({
      quick: true,
      runs: 1,
      scenarios: ['no-fault', 'wrong-password'],
      classifierBytes: QUICK_CLASSIFIER_BYTES,
      startupSamples: 10,
      historyExecutions: 20_000,
      historyPairs: 3,
    });
    expect(parseBenchArgs(['--quick', '--runs', '2', '--classifier-size', '1g'], QUICK)).toMatchObject({
      runs: 2,
      classifierBytes: 1024 ** 3,
    });
  });

  it('reads lists, seeds and sizes', () => {
    const options = parseBenchArgs(
      [
        '--scenarios',
        'oom-killed, slow-database,oom-killed',
        '--contenders',
        'etl-cycle',
        '--seed',
        '0',
        '--suites',
        'time-to-green',
        '--classifier-size',
        '512k',
        '--shell-attempts',
        '5',
        '--keep-logs',
        '--out',
        '/tmp/x',
      ],
      QUICK,
    );
    expect(options).toMatchObject({
      scenarios: ['oom-killed', 'slow-database'],
      contenders: ['etl-cycle'],
      seed: 0,
      suites: ['time-to-green'],
      classifierBytes: 512 * 1024,
      shellAttempts: 5,
      keepLogs: true,
      outDir: '/tmp/x',
    });
  });

  it('rejects bad values with one line naming the option and the value', () => {
    const rejects = (args: string[], message: RegExp) => {
      expect(() => parseBenchArgs(args, QUICK)).toThrow(UsageError);
      expect(() => parseBenchArgs(args, QUICK)).toThrow(message);
    };
    rejects(['--runs', '0'], /--runs must be at least 1, got "0"/);
    rejects(['--runs', 'three'], /--runs expects a whole number, got "three"/);
    rejects(['--scenarios', 'no-fault,slow-db'], /--scenarios "slow-db" is not one of no-fault, slow-database/);
    rejects(['--contenders', ''], /--contenders "" is not one of/);
    rejects(['--classifier-size', 'big'], /--classifier-size expects a size such as 256m or 1g, got "big"/);
    rejects(['--rounds', '3'], /Unknown option '--rounds'/);
    rejects(['--stacks', 'warehouse,lake'], /--stacks "lake" is not one of warehouse, flaky-upstream, chain/);
  });
});
