/**
 * What the history tells a run before it starts: the deadlines its first iteration takes from
 * past green runs (history.learn), and for `run --explain` the prediction to print.
 */
import { initialPlan } from '../agent/plan.js';
import { serviceFactsOf } from '../agent/service-facts.js';
import type { EtlCycleConfig } from '../config/types.js';
import { explainHistory } from '../history/explain.js';
import { learnDeadlines } from '../history/learned-deadlines.js';
import type { ConfiguredDeadlines, LearnedDeadlines } from '../history/learned-deadlines.js';
import { computeStats } from '../history/stats.js';
import type { HistoryStore } from '../history/store/history-store.js';
import type { Project } from '../project/open-project.js';

/** The planner never raises step timeouts beyond 8× (agent/run-cycle.ts); learned ones stay within it too. */
const STEP_TIMEOUT_FACTOR_MAX = 8;
const EXPLAIN_WINDOW_MS = 30 * 86_400_000;

export function configuredDeadlines(project: Project): ConfiguredDeadlines {
  const { config } = project;
  const plan = initialPlan(config, serviceFactsOf(project.model));
  return {
    readinessMs: Object.fromEntries(Object.entries(plan.readiness).map(([service, r]) => [service, r.timeoutMs])),
    orchestratorTimeoutMs: plan.orchestratorTimeoutMs,
    taskTimeoutsMs: workflowTaskTimeouts(config),
  };
}

/** The tasks the agent's workflow runs, with what they depend on, and their timeouts. */
function workflowTaskTimeouts(config: EtlCycleConfig): Record<string, number> {
  const workflow = config.workflows.find((w) => w.name === config.orchestrator.workflow);
  if (!workflow) return {};
  const byId = new Map(config.tasks.map((task) => [task.id, task]));
  const timeouts: Record<string, number> = {};
  const visit = (id: string) => {
    const task = byId.get(id);
    if (!task || id in timeouts) return;
    timeouts[id] = task.timeoutMs;
    task.dependsOn.forEach(visit);
  };
  workflow.tasks.forEach(visit);
  return timeouts;
}

export async function learnForRun(store: HistoryStore | undefined, project: Project): Promise<LearnedDeadlines | undefined> {
  const { config } = project;
  if (!store || !config.history.learn.deadlines) return undefined;
  const input = await store.learningInput(project.name, config.history.learn.window);
  return learnDeadlines(input, configuredDeadlines(project), {
    margin: config.history.learn.margin,
    minRuns: config.history.learn.minRuns,
    minDeadlineMs: config.history.learn.minDeadlineMs,
    readinessMaxMs: config.adjustments.readinessTimeoutMaxMs,
    orchestratorMaxMs: config.adjustments.orchestratorTimeoutMaxMs,
    stepTimeoutFactorMax: STEP_TIMEOUT_FACTOR_MAX,
  });
}

/** The lines `run --explain` prints before the run starts. */
export async function explainForRun(
  store: HistoryStore | undefined,
  project: Project,
  learned: LearnedDeadlines | undefined,
): Promise<string[]> {
  if (!store) return ['history: not available for this run (see the warning above, or history.enabled)'];
  const stats = computeStats(await store.statsInput(project.name, Date.now() - EXPLAIN_WINDOW_MS));
  const { learn } = project.config.history;
  return explainHistory(stats, learned ?? null, {
    project: project.name,
    window: 'the last 30 days',
    learning: learn.deadlines ? { minRuns: learn.minRuns, window: learn.window } : null,
  });
}
