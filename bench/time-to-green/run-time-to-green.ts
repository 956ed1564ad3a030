/**
 * The time-to-green suite: for each round and scenario, the floor (the faultless stack, brought
 * up directly), then every contender on the faulty stack, one at a time (a 2-core machine: runs
 * side by side would time each other). The contenders' order is shuffled per scenario and round
 * from the seed, so no tool always runs first on a cold cache or last on a warm one.
 */
import { join } from 'node:path';
import type { Random } from '../support/seeded-random.js';
import { shuffled } from '../support/seeded-random.js';
import type { Contender } from './contenders.js';
import { runContender } from './run-contender.js';
import type { RunSetting } from './run-contender.js';
import { closeRunSlot, openRunSlot } from './run-contender.js';
import { runFloor } from './run-floor.js';
import type { Scenario } from './scenarios.js';
import { STACKS } from './stacks.js';
import type { RunRecord } from './types.js';

export interface TimeToGreenOptions {
  setting: RunSetting;
  rounds: number;
  scenarios: readonly Scenario[];
  contenders: readonly Contender[];
  random: Random;
  floorTimeoutMs: number;
  /** One line per finished run. */
  progress: (line: string) => void;
}

export async function runTimeToGreen(options: TimeToGreenOptions): Promise<RunRecord[]> {
  const { setting } = options;
  const records: RunRecord[] = [];
  let sequence = 0;
  for (let round = 1; round <= options.rounds; round += 1) {
    const tag = `[round ${round}/${options.rounds}]`;
    for (const scenario of options.scenarios) {
      // The floor of the scenario's stack next to each scenario's runs, so it sees the same machine load they do.
      sequence += 1;
      const floor = await measureFloor(options, scenario, sequence);
      records.push({
        round,
        scenario: 'floor',
        stack: scenario.stack,
        contender: 'floor',
        fault: 'none',
        outcome: 'green',
        iterations: 1,
        detail: null,
        seconds: floor.seconds,
        log: floor.log,
      });
      options.progress(`${tag} floor (${scenario.stack}): green in ${floor.seconds.toFixed(1)} s`);

      const fault = scenario.prepare(options.random);
      for (const contender of shuffled(options.contenders, options.random)) {
        setting.signal?.throwIfAborted();
        sequence += 1;
        const run = await runContender(setting, contender, scenario, fault, sequence);
        records.push({ round, scenario: scenario.id, stack: scenario.stack, contender: contender.id, fault: fault.description, ...run });
        options.progress(
          `${tag} ${scenario.id} · ${contender.id}: ${run.outcome} after ${run.iterations ?? '?'} iteration(s) in ${run.seconds.toFixed(1)} s` +
            (run.outcome === 'green' || !run.detail ? '' : ` (${run.detail.slice(0, 140)})`),
        );
      }
    }
  }
  return records;
}

async function measureFloor(options: TimeToGreenOptions, scenario: Scenario, sequence: number): Promise<{ seconds: number; log: string }> {
  const { setting } = options;
  const stack = STACKS[scenario.stack];
  const slot = await openRunSlot(setting, stack, sequence);
  const log = join(slot.runDir, 'floor.log');
  try {
    const run = await runFloor(
      {
        docker: setting.docker,
        project: slot.project,
        stackDir: slot.stackDir,
        ports: slot.ports,
        labels: slot.labels,
        env: slot.env,
        orchestrator: stack.orchestrator(setting.cli),
        logFile: log,
        timeoutMs: options.floorTimeoutMs,
        ...(setting.signal ? { signal: setting.signal } : {}),
      },
      stack.floor,
    );
    return { seconds: run.seconds, log };
  } finally {
    await closeRunSlot(setting, slot);
  }
}
