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
import type { Contender, ContenderContext } from './contenders.js';
import { removeLabelled } from './remove-labelled.js';
import type { PreparedFault, Scenario } from './scenarios.js';
import { STACKS, stackDir } from './stacks.js';
import type { BenchStack } from './stacks.js';
import type { Interpretation } from './types.js';

/** Where and how a run happens: shared by every run of a session. */
export interface RunSetting {
  docker: Docker;
  packageRoot: string;
  cli: string;
  rssProbe: string;
  sessionId: string;
  /** Folder for the runs' logs. */
  workDir: string;
  /** The environment every run starts from (fault knobs removed). */
  baseEnv: NodeJS.ProcessEnv;
  /** Attempts of the shell loops (--shell-attempts); a scenario may ask for more. */
  shellAttempts: number;
  signal?: AbortSignal;
}

/** A run's identity: its stack, labels, project name, ports and folder. */
export interface RunSlot {
  runId: string;
  stack: BenchStack;
  stackDir: string;
  project: string;
  /** Free host ports, by the variable the stack's Compose file reads them from. */
  ports: Record<string, number>;
  runDir: string;
  labels: Record<string, string>;
  /** The stack's environment for this run (ports, project, labels, its state folder), before any fault. */
  env: NodeJS.ProcessEnv;
}

export async function openRunSlot(setting: RunSetting, stack: BenchStack, sequence: number): Promise<RunSlot> {
  const runId = `${setting.sessionId}-${sequence}`;
  const project = `ecb-${runId}`;
  const ports = Object.fromEntries((await distinctFreePorts(stack.portVariables.length)).map((p, i) => [stack.portVariables[i]!, p]));
  const runDir = join(setting.workDir, runId);
  await mkdir(runDir, { recursive: true });
  const extra = stack.runEnv(runDir);
  // Folders the stack keeps state in exist before any tool bind-mounts them.
  if (extra.API_STATE_DIR) await mkdir(extra.API_STATE_DIR, { recursive: true });
  return {
    runId,
    stack,
    stackDir: stackDir(setting.packageRoot, stack),
    project,
    ports,
    runDir,
    labels: benchLabels(setting.sessionId, runId),
    env: {
      ...setting.baseEnv,
      COMPOSE_PROJECT_NAME: project,
      ...Object.fromEntries(Object.entries(ports).map(([variable, p]) => [variable, String(p)])),
      ...extra,
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
  scenario: Scenario,
  fault: PreparedFault,
  sequence: number,
): Promise<ContenderRun> {
  const slot = await openRunSlot(setting, STACKS[scenario.stack], sequence);
  try {
    await fault.inject?.({
      docker: setting.docker,
      project: slot.project,
      dbPort: slot.ports.DB_PORT ?? 0,
      flavour: contender.flavour,
      labels: slot.labels,
    });
    const ctx: ContenderContext = {
      packageRoot: setting.packageRoot,
      stackDir: slot.stackDir,
      composeFile: join(slot.stackDir, 'compose.yaml'),
      orchestrator: slot.stack.orchestrator(setting.cli),
      project: slot.project,
      runDir: slot.runDir,
      cli: setting.cli,
      rssProbe: setting.rssProbe,
      shellAttempts: Math.max(setting.shellAttempts, scenario.shellAttempts ?? 0),
    };
    const { file, args } = contender.command(ctx);
    const log = join(slot.runDir, `${contender.id}.log`);
    const run = await runTimed(file, args, {
      cwd: slot.stackDir,
      env: { ...slot.env, ...contender.env(ctx), ...fault.env },
      timeoutMs: contender.hardTimeoutMs(ctx),
      logFile: log,
      ...(setting.signal ? { signal: setting.signal } : {}),
    });
    return { ...(await contender.interpret(run, ctx)), seconds: run.seconds, log };
  } finally {
    await closeRunSlot(setting, slot);
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
