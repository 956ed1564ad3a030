/**
 * The faulty stacks. Each scenario is one real fault on the real engine, injected identically
 * for every contender: through the environment the stack reads (the same variables for every
 * tool) or through the engine before the contender starts (see leftovers.ts). Parameters that
 * vary are drawn from the seeded generator once per round, so every contender of a round meets
 * exactly the same fault.
 */
import type { Random } from '../support/seeded-random.js';
import { randomInt } from '../support/seeded-random.js';
import { leaveStalePortHolder, seedHalfMadeSchema } from './leftovers.js';
import type { FaultTarget } from './leftovers.js';
import type { StackId } from './stacks.js';

export const SCENARIO_IDS = [
  'no-fault',
  'slow-database',
  'half-made-schema',
  'stale-port-holder',
  'oom-killed',
  'wrong-password',
  'flaky-upstream',
  'six-services',
  'six-services-oom',
] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/**
 * What etl-cycle must achieve on a scenario (issue #15), checked in the results:
 * `ratio`: its median at most `max` × its stack's floor; `backoff`: at most the floor plus the
 * backoff it actually waited plus `slackSeconds`; `rebuild`: the iteration that healed rebuilt
 * exactly the changed service and its dependents and kept the rest.
 */
export type Target =
  { kind: 'ratio'; max: number } | { kind: 'backoff'; slackSeconds: number } | { kind: 'rebuild'; rebuilt: string[]; kept: string[] };

export interface PreparedFault {
  /** This round's fault in words, with its drawn parameters. */
  description: string;
  /** Added to every contender's environment. */
  env: Record<string, string>;
  /** Engine-side fault, made before the contender starts (not timed). */
  inject?: (target: FaultTarget) => Promise<void>;
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  stack: StackId;
  /** Part of the --quick selection. */
  quick: boolean;
  /**
   * Attempts the shell loops get at least: where another identical attempt can succeed (a
   * fault that passes with time), they get enough attempts for it.
   */
  shellAttempts?: number;
  target?: Target;
  prepare(random: Random): PreparedFault;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'no-fault',
    title: 'no fault (pure overhead)',
    stack: 'warehouse',
    quick: true,
    target: { kind: 'ratio', max: 1.15 },
    prepare: () => ({ description: 'the stack as it should be', env: {} }),
  },
  {
    id: 'slow-database',
    stack: 'warehouse',
    title: 'database accepts connections late',
    quick: true,
    prepare: (random) => {
      // Longer than the orchestrator's own 5 s wait plus the predecessor's 5 s settle.
      const delay = randomInt(random, 10, 14);
      return {
        description: `the database starts accepting connections ${delay} s after its container starts`,
        env: { PG_START_DELAY: String(delay) },
      };
    },
  },
  {
    id: 'half-made-schema',
    stack: 'warehouse',
    title: 'half-made schema in the data volume',
    quick: false,
    prepare: () => ({
      description: 'the data volume holds a migration marker without its tables (a crashed earlier run)',
      env: {},
      inject: seedHalfMadeSchema,
    }),
  },
  {
    id: 'stale-port-holder',
    stack: 'warehouse',
    title: 'stale container holds the port',
    quick: false,
    prepare: () => ({
      description: "a container of the project's renamed service (earlier run) holds the database port",
      env: {},
      inject: leaveStalePortHolder,
    }),
  },
  {
    id: 'oom-killed',
    stack: 'warehouse',
    title: 'service OOM-killed at its limit',
    quick: false,
    prepare: (random) => {
      // The lookup index outgrew the service's 32 MiB limit (killed from ~18 MB; fine at 64 MiB up to ~32 MB).
      const megabytes = randomInt(random, 20, 28);
      return {
        description: `the lookup service loads a ${megabytes} MB index under its 32 MiB memory limit`,
        env: { LOOKUP_INDEX_BYTES: String(megabytes * 1_000_000) },
      };
    },
  },
  {
    id: 'wrong-password',
    stack: 'warehouse',
    title: 'wrong password (not retryable)',
    quick: true,
    prepare: (random) => ({
      description: 'the orchestrator logs in with a password the database does not have',
      env: { DB_ADMIN_PASSWORD: `wrong-${Math.floor(random() * 1e6).toString(36)}` },
    }),
  },
  {
    id: 'flaky-upstream',
    title: 'flaky upstream API (503 twice)',
    stack: 'flaky-upstream',
    quick: false,
    // The third request succeeds whoever makes it: a third attempt is what a shell loop needs.
    shellAttempts: 3,
    target: { kind: 'backoff', slackSeconds: 2 },
    prepare: () => ({
      description: 'the partner API answers 503 Service Unavailable to its first two requests, whoever restarts what',
      env: { API_FAIL_TIMES: '2' },
    }),
  },
  {
    id: 'six-services',
    title: 'six services, no fault',
    stack: 'chain',
    quick: false,
    target: { kind: 'ratio', max: 1.15 },
    prepare: () => ({ description: 'the six-service stack as it should be', env: {} }),
  },
  {
    id: 'six-services-oom',
    title: 'six services, one OOM-killed mid-chain',
    stack: 'chain',
    quick: false,
    target: { kind: 'rebuild', rebuilt: ['transform', 'api', 'report'], kept: ['store', 'queue', 'metrics'] },
    prepare: (random) => {
      // As the warehouse's lookup: killed under 32 MiB, fine at 64 MiB.
      const megabytes = randomInt(random, 20, 28);
      return {
        description: `transform (queue ← transform ← api ← report) loads a ${megabytes} MB index under its 32 MiB limit`,
        env: { TRANSFORM_INDEX_BYTES: String(megabytes * 1_000_000) },
      };
    },
  },
];
