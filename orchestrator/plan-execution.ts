/**
 * What one execution will do, decided before anything runs (and all the dry run prints): the
 * tasks asked for plus their dependencies in topological order, the parallel groups, the
 * worker count, and the tasks a resumed execution carries over as already done.
 */
import { dependencyLevels, keptWithDependencies, topologicalOrder } from '../core/graph.js';
import { TasksConfigError, UsageError } from '../core/errors.js';
import type { EtlCycleConfig, TaskConfig, WorkflowConfig } from '../config/types.js';
import type { OrchestratorEnvSettings } from './read-orchestrator-env.js';
import { selectTasks } from './select-tasks.js';
import { suggestName } from './suggest-name.js';
import type { OrchestrationReport } from './types.js';

/** Workers when parallel and neither the workflow nor --max-workers says how many. */
export const DEFAULT_MAX_WORKERS = 4;

export interface TaskSelection {
  workflow?: string;
  tasks?: readonly string[];
}

export interface ExecutionFlags {
  /** --parallel; undefined = the workflow's setting. */
  parallel?: boolean;
  /** --max-workers (implies --parallel when above 1). */
  maxWorkers?: number;
  /** --continue-on-failure; undefined = the workflow's setting. */
  continueOnFailure?: boolean;
}

export interface ExecutionPlan {
  workflow: WorkflowConfig | undefined;
  requested: string[];
  /** The tasks to run, in execution order (dependencies first). */
  tasks: TaskConfig[];
  order: string[];
  groups: string[][];
  parallel: boolean;
  /** Tasks running at once at most (1 when not parallel). */
  maxWorkers: number;
  continueOnFailure: boolean;
  timeoutFactor: number;
  /**
   * --resume: the earlier execution and the tasks of this plan carried over from it — those that
   * succeeded in it, do not opt out (`resume: false`), and depend only on tasks carried over too.
   */
  resume?: { executionId: string; succeeded: ReadonlySet<string>; report: OrchestrationReport };
}

export interface PlanOptions {
  config: EtlCycleConfig;
  selection: TaskSelection;
  flags: ExecutionFlags;
  env: OrchestratorEnvSettings;
  /** The report of the execution to resume. */
  resumeFrom?: OrchestrationReport;
}

export function planExecution(options: PlanOptions): ExecutionPlan {
  const { config, flags, env, resumeFrom } = options;
  if (config.tasks.length === 0) {
    throw new TasksConfigError(
      `${config.file ?? 'etl-cycle.yaml'}: no tasks are declared; add a tasks: section (see docs/orchestrator.md)`,
    );
  }
  const selection =
    resumeFrom && !options.selection.workflow && !options.selection.tasks?.length
      ? { workflow: resumeFrom.workflow ?? undefined, tasks: resumeFrom.workflow ? undefined : resumeFrom.requested_tasks }
      : options.selection;
  const { workflow, requested } = resolveSelection(config, selection);

  const tasks = selectTasks(config.tasks, requested);
  const dependencies = new Map(tasks.map((task) => [task.id, task.dependsOn]));
  const dependenciesOf = (id: string) => dependencies.get(id) ?? [];
  const order = topologicalOrder(
    tasks.map((task) => task.id),
    dependenciesOf,
  );
  const byId = new Map(tasks.map((task) => [task.id, task]));

  const parallel =
    flags.parallel === true ||
    (flags.maxWorkers !== undefined && flags.maxWorkers > 1) ||
    (flags.parallel === undefined && workflow?.parallel === true);
  const configured = flags.maxWorkers ?? workflow?.maxWorkers ?? DEFAULT_MAX_WORKERS;
  const maxWorkers = parallel ? Math.max(1, Math.min(configured, env.maxWorkers ?? configured)) : 1;

  return {
    workflow,
    requested,
    tasks: order.map((id) => byId.get(id)!),
    order,
    groups: dependencyLevels(order, dependenciesOf),
    parallel,
    maxWorkers,
    continueOnFailure: flags.continueOnFailure ?? workflow?.continueOnFailure ?? false,
    timeoutFactor: env.timeoutFactor,
    ...(resumeFrom
      ? {
          resume: {
            executionId: resumeFrom.execution_id,
            succeeded: new Set(keptWithDependencies(order, dependenciesOf, (id) => reusable(byId.get(id)!, resumeFrom))),
            report: resumeFrom,
          },
        }
      : {}),
  };
}

function resolveSelection(config: EtlCycleConfig, selection: TaskSelection): { workflow: WorkflowConfig | undefined; requested: string[] } {
  const asked = selection.tasks ?? [];
  if (selection.workflow !== undefined && asked.length > 0) throw new UsageError('give --workflow or --tasks, not both');
  if (selection.workflow !== undefined) {
    const workflow = config.workflows.find((w) => w.name === selection.workflow);
    if (!workflow) {
      throw new UsageError(
        `--workflow: no workflow "${selection.workflow}" in ${config.file ?? 'etl-cycle.yaml'} (${suggestName(
          selection.workflow,
          config.workflows.map((w) => w.name),
          'workflow',
        )})`,
      );
    }
    return { workflow, requested: [...workflow.tasks] };
  }
  if (asked.length === 0)
    throw new UsageError(
      'name what to run: --workflow NAME or --tasks ID ... (`etl-cycle workflows list` and `etl-cycle tasks list` show them)',
    );
  const ids = config.tasks.map((task) => task.id);
  for (const id of asked) {
    if (!ids.includes(id))
      throw new UsageError(`--tasks: no task "${id}" in ${config.file ?? 'etl-cycle.yaml'} (${suggestName(id, ids, 'task')})`);
  }
  return { workflow: undefined, requested: [...new Set(asked)] };
}

function reusable(task: TaskConfig, report: OrchestrationReport): boolean {
  return task.resume && report.tasks[task.id]?.status === 'succeeded';
}
