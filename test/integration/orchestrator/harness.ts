/**
 * Runs the built-in orchestrator as a library on a throwaway project: etl-cycle.yaml (and any
 * files) written to a temp folder, the real config loader and checks, real processes, and a
 * sink that records the combined output line by line.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../../config/load-config.js';
import type { EtlCycleConfig } from '../../../config/types.js';
import { newExecutionId } from '../../../core/execution-id.js';
import { silentLogger } from '../../../core/logger.js';
import type { ProjectModel, StackOperations } from '../../../docker/types.js';
import { checkTasks } from '../../../orchestrator/check-tasks.js';
import { planExecution } from '../../../orchestrator/plan-execution.js';
import type { ExecutionFlags, TaskSelection } from '../../../orchestrator/plan-execution.js';
import { readOrchestratorEnv } from '../../../orchestrator/read-orchestrator-env.js';
import { readReport } from '../../../orchestrator/read-reports.js';
import { runOrchestration } from '../../../orchestrator/run-orchestration.js';
import type { OrchestrationReport } from '../../../orchestrator/types.js';

export interface Workspace {
  dir: string;
  config(): Promise<EtlCycleConfig>;
  read(path: string): Promise<string>;
  write(path: string, content: string): Promise<void>;
  dispose(): Promise<void>;
}

/** A temp folder with etl-cycle.yaml = `config` (logs go to ./logs) and `files`. */
export async function createWorkspace(config: string, files: Record<string, string> = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-orch-'));
  const write = async (path: string, content: string) => {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  };
  await write('etl-cycle.yaml', `compose: false\nlogs: { dir: logs }\n${config}`);
  for (const [path, content] of Object.entries(files)) await write(path, content);
  return {
    dir,
    config: () => loadConfig(join(dir, 'etl-cycle.yaml')),
    read: (path) => readFile(join(dir, path), 'utf8'),
    write,
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface OrchestrateRun {
  report: OrchestrationReport;
  reportFile: string;
  /** Every combined-output line, with its stream: "out: [a] hello". */
  lines: string[];
}

export interface OrchestrateOptions {
  selection: TaskSelection;
  flags?: ExecutionFlags;
  /** Environment variables of the orchestrator (ETL_CYCLE_*, what tasks expand). */
  env?: Record<string, string>;
  signal?: AbortSignal;
  resume?: string;
  project?: ProjectModel;
  stack?: StackOperations;
  /** Sees each output line as it arrives. */
  onLine?: (line: string) => void;
}

export async function orchestrate(workspace: Workspace, options: OrchestrateOptions): Promise<OrchestrateRun> {
  const config = await workspace.config();
  checkTasks(config, options.project);
  const processEnv = { ...process.env, ...options.env };
  const env = readOrchestratorEnv(processEnv);
  const resumeFrom = options.resume ? await readReport(config.logs.dir, options.resume, '--resume') : undefined;
  const plan = planExecution({ config, selection: options.selection, flags: options.flags ?? {}, env, resumeFrom });
  const lines: string[] = [];
  const { report, reportFile } = await runOrchestration({
    config,
    plan,
    project: options.project?.name ?? 'orchestrator-test',
    executionId: newExecutionId(),
    env,
    processEnv,
    sink: {
      write: (stream, line) => {
        const entry = `${stream === 'stdout' ? 'out' : 'err'}: ${line}`;
        lines.push(entry);
        options.onLine?.(entry);
      },
    },
    signal: options.signal ?? new AbortController().signal,
    stack: async () => {
      if (!options.stack) throw new Error('this test has no stack');
      return options.stack;
    },
    logger: silentLogger(),
  });
  return { report, reportFile, lines };
}

/**
 * The most tasks running at once, from an events file where each task appended "start <id>"
 * and "end <id>" (O_APPEND writes of a few bytes land whole and in order).
 */
export function peakConcurrency(events: string): number {
  let running = 0;
  let peak = 0;
  for (const line of events.trim().split('\n')) {
    running += line.startsWith('start ') ? 1 : -1;
    peak = Math.max(peak, running);
  }
  return peak;
}
