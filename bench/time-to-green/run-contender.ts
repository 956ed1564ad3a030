/**
 * One contender on one faulty stack: fresh project name and ports, the fault injected in the
 * contender's flavour, the tool run with its hard time limit, its result read, and everything
 * the run created removed (by the run's label) before the next one starts.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { freePort } from '../support/free-port.js';
import { runTimed } from '../support/run-timed.js';
import { benchLabels, RUN_LABEL } from './bench-labels.js';
import type { Contender } from './contenders.js';
import { removeLabelled } from './remove-labelled.js';
import type { PreparedFault } from './scenarios.js';
import type { Interpretation } from './types.js';

/** Where and how a run happens: shared by every run of a session. */
export interface RunSetting {
  docker: Docker;
  packageRoot: string;
  stackDir: string;
  composeFile: string;
  cli: string;
  rssProbe: string;
  sessionId: string;
  /** Folder for the runs' logs. */
  workDir: string;
  /** The environment every run starts from (fault knobs removed). */
  baseEnv: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** A run's identity: its labels, project name and ports. */
export interface RunSlot {
  runId: string;
  project: string;
  dbPort: number;
  lookupPort: number;
  runDir: string;
  labels: Record<string, string>;
  /** The stack's environment for this run (ports, project, labels), before any fault. */
  env: NodeJS.ProcessEnv;
}

export async function openRunSlot(setting: RunSetting, sequence: number): Promise<RunSlot> {
  const runId = `${setting.sessionId}-${sequence}`;
  const project = `ecb-${runId}`;
  const [dbPort, lookupPort] = await distinctFreePorts();
  const runDir = join(setting.workDir, runId);
  await mkdir(runDir, { recursive: true });
  return {
    runId,
    project,
    dbPort,
    lookupPort,
    runDir,
    labels: benchLabels(setting.sessionId, runId),
    env: {
      ...setting.baseEnv,
      COMPOSE_PROJECT_NAME: project,
      DB_PORT: String(dbPort),
      LOOKUP_PORT: String(lookupPort),
      BENCH_RUN_ID: runId,
      BENCH_SESSION_ID: setting.sessionId,
    },
  };
}

export async function closeRunSlot(setting: RunSetting, slot: RunSlot): Promise<void> {
  await removeLabelled(setting.docker, `${RUN_LABEL}=${slot.runId}`);
}

export interface ContenderRun extends Interpretation {
  seconds: number;
  log: string;
}

export async function runContender(
  setting: RunSetting,
  contender: Contender,
  fault: PreparedFault,
  sequence: number,
): Promise<ContenderRun> {
  const slot = await openRunSlot(setting, sequence);
  try {
    await fault.inject?.({
      docker: setting.docker,
      project: slot.project,
      dbPort: slot.dbPort,
      flavour: contender.flavour,
      labels: slot.labels,
    });
    const ctx = {
      packageRoot: setting.packageRoot,
      stackDir: setting.stackDir,
      composeFile: setting.composeFile,
      project: slot.project,
      runDir: slot.runDir,
      cli: setting.cli,
      rssProbe: setting.rssProbe,
    };
    const { file, args } = contender.command(ctx);
    const log = join(slot.runDir, `${contender.id}.log`);
    const run = await runTimed(file, args, {
      cwd: setting.stackDir,
      env: { ...slot.env, ...contender.env(ctx), ...fault.env },
      timeoutMs: contender.hardTimeoutMs,
      logFile: log,
      ...(setting.signal ? { signal: setting.signal } : {}),
    });
    return { ...(await contender.interpret(run, ctx)), seconds: run.seconds, log };
  } finally {
    await closeRunSlot(setting, slot);
  }
}

async function distinctFreePorts(): Promise<[number, number]> {
  const first = await freePort();
  let second = await freePort();
  while (second === first) second = await freePort();
  return [first, second];
}
