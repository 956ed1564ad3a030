/**
 * After a failed iteration: ask the engine what it knows (exit codes, OOM kills, health, the
 * logs of containers that died) and who holds a contested port, feed it to the classifier and
 * assemble the facts the planner decides on.
 */
import { errorMessage } from '../core/errors.js';
import type { StackUpStage } from '../docker/errors.js';
import type { ContainerState, PortHolder } from '../docker/types.js';
import type { Classification, ContainerFacts, StreamClassifier } from '../patterns/types.js';
import type { FailureFacts, IterationPhase } from './failure.js';
import { attributeTasks } from './attribute-task.js';
import type { LineTasks } from './attribute-task.js';
import type { OrchestrationSummary } from './orchestration-summary.js';
import { fingerprintOutput } from './output-fingerprint.js';
import { preferServiceCause } from './prefer-service-cause.js';
import { ORCHESTRATOR_SOURCE } from './phases/orchestrate-phase.js';
import type { RunEnvironment } from './run-environment.js';
import { stackChanges } from './stack-witness.js';

const LOG_TAIL_LINES = 200;

export interface FailureContext {
  phase: IterationPhase;
  failedService?: string;
  stackStage?: StackUpStage;
  orchestrator?: { exitCode: number | null; timedOut: boolean };
  /** Text whose tail identifies an unclassified failure (orchestrator output tail, engine message). */
  outputTail: string;
  /** Which built-in orchestrator task wrote each orchestrator line. */
  lineTasks?: LineTasks;
  /** The built-in orchestrator's execution (which tasks were green). */
  orchestration?: OrchestrationSummary;
}

export async function collectFailureFacts(
  env: RunEnvironment,
  classifier: StreamClassifier,
  context: FailureContext,
): Promise<FailureFacts> {
  const known = await containerStatesSafely(env);
  const containers = known ?? [];
  for (const c of containers) classifier.addContainerFacts(containerFactsOf(c));
  // Logs of containers that died or are unhealthy explain what the orchestrator only saw as a
  // symptom; they get their own classifier so they can outrank output that streamed earlier.
  const serviceLogs = (await env.catalogue()).createClassifier();
  for (const c of containers.filter(isAbnormal)) {
    if (context.failedService === c.service && context.stackStage !== undefined) continue; // already fed from the StackUpError
    const source = `container:${c.service}`;
    try {
      serviceLogs.write(source, `${await env.stack.logs(c.service, { tailLines: LOG_TAIL_LINES })}\n`);
      serviceLogs.end(source);
    } catch (error) {
      env.logger.debug('could not read container logs', { service: c.service, error: errorMessage(error) });
    }
  }
  const raw = preferServiceCause(classifier.result({ failed: true }), serviceLogs.result({ failed: true }));
  const classification = context.lineTasks ? attributeTasks(raw, ORCHESTRATOR_SOURCE, context.lineTasks) : raw;
  const portHolders = await portHoldersFor(env, classification, context);
  // After the stack was built (orchestrate, validate): did it change under the orchestrator? A
  // removed database explains "connection refused" better than any readiness deadline would.
  const changes =
    known !== undefined && (context.phase === 'orchestrate' || context.phase === 'validate')
      ? stackChanges(env.stackWitness.containers, known, env.project)
      : [];
  return {
    phase: context.phase,
    classification,
    failedService: context.failedService,
    stackStage: context.stackStage,
    orchestrator: context.orchestrator,
    containers,
    portHolders,
    outputFingerprint: fingerprintOutput(context.outputTail),
    ...(context.orchestration ? { orchestration: context.orchestration } : {}),
    ...(changes.length ? { stackChanges: changes } : {}),
  };
}

/** What the classifier reads from the engine's view of a container (exit code, OOM kill, health). */
export function containerFactsOf(c: ContainerState): ContainerFacts {
  return { service: c.service, exitCode: c.exitCode, oomKilled: c.oomKilled, health: c.health, running: c.running };
}

function isAbnormal(c: ContainerState): boolean {
  return c.oomKilled || c.health === 'unhealthy' || (!c.running && c.exitCode !== null && c.exitCode !== 0);
}

/** undefined when the engine could not say (then nothing is concluded from the states). */
async function containerStatesSafely(env: RunEnvironment): Promise<ContainerState[] | undefined> {
  try {
    return await env.stack.containerStates();
  } catch (error) {
    env.logger.debug('could not read container states', { error: errorMessage(error) });
    return undefined;
  }
}

async function portHoldersFor(env: RunEnvironment, classification: Classification, context: FailureContext): Promise<PortHolder[]> {
  if (classification.primary !== 'port_in_use') return [];
  const captured = Number(classification.primaryMatch?.captures.port);
  const ports =
    Number.isInteger(captured) && captured > 0
      ? [captured]
      : (env.services.find((s) => s.name === context.failedService)?.ports ?? []).flatMap((p) => (p.host === undefined ? [] : [p.host]));
  const holders: PortHolder[] = [];
  for (const port of ports) {
    try {
      // Our own container of a current service is the one that just failed to bind, not the holder.
      const current = new Set(env.services.map((s) => s.name));
      holders.push(
        ...(await env.stack.findPortHolders(port)).filter((h) => !(h.ours && h.service !== undefined && current.has(h.service))),
      );
    } catch (error) {
      env.logger.debug('could not look up port holders', { port, error: errorMessage(error) });
    }
  }
  return holders;
}
