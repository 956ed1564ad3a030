/**
 * The built-in orchestrator as the agent runs it, inside the agent's process
 * (agent/builtin-orchestrator.ts says why): each call does what `etl-cycle orchestrate
 * --workflow W [--resume ID] [--mode M]` does under the agent — the settings from the same
 * ETL_CYCLE_* variables, the reports where the agent's logs go, every line masked — on the
 * project the run opened and the stack it connected. The run holds the project lock, so no
 * session of its own is begun.
 */
import { resolve } from 'node:path';
import type { BuiltinOrchestrator } from '../agent/builtin-orchestrator.js';
import { maskSecrets } from '../core/secret-masker.js';
import type { Logger } from '../core/logger.js';
import { planExecution } from '../orchestrator/plan-execution.js';
import { readOrchestratorEnv } from '../orchestrator/read-orchestrator-env.js';
import { readReport } from '../orchestrator/read-reports.js';
import type { Project } from '../project/open-project.js';
import { executeOrchestration } from './execute-orchestration.js';

export interface BuiltinOrchestratorOptions {
  /** The run's project: its config (overrides applied) names the workflow. */
  project: Project;
  logger: Logger;
  /** `run --mode`: incremental or full, for a windowed workflow. */
  mode?: string;
}

export function createBuiltinOrchestrator(options: BuiltinOrchestratorOptions): BuiltinOrchestrator {
  const { project, logger } = options;
  return async (request) => {
    // The tasks inherit this process's environment plus what a child orchestrator would have had.
    const processEnv = { ...process.env, ...request.variables };
    const env = readOrchestratorEnv(processEnv);
    const config = env.logsDir ? { ...project.config, logs: { ...project.config.logs, dir: resolve(env.logsDir) } } : project.config;
    const resumeFrom = request.resumeFrom === undefined ? undefined : await readReport(config.logs.dir, request.resumeFrom, '--resume');
    const plan = planExecution({ config, selection: { workflow: config.orchestrator.workflow }, flags: {}, env, resumeFrom });
    return executeOrchestration({
      config,
      plan,
      project: project.model.name,
      executionId: request.executionId,
      env,
      windows: { mode: options.mode },
      processEnv,
      sink: { write: (stream, line) => request.print(stream, maskSecrets(line)) },
      signal: request.signal,
      logger,
      stack: async () => request.stack,
    });
  };
}
