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

export const SCENARIO_IDS = ['no-fault', 'slow-database', 'half-made-schema', 'stale-port-holder', 'oom-killed', 'wrong-password'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

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
  /** Part of the --quick selection. */
  quick: boolean;
  prepare(random: Random): PreparedFault;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'no-fault',
    title: 'no fault (pure overhead)',
    quick: true,
    prepare: () => ({ description: 'the stack as it should be', env: {} }),
  },
  {
    id: 'slow-database',
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
    title: 'wrong password (not retryable)',
    quick: true,
    prepare: (random) => ({
      description: 'the orchestrator logs in with a password the database does not have',
      env: { DB_ADMIN_PASSWORD: `wrong-${Math.floor(random() * 1e6).toString(36)}` },
    }),
  },
];
