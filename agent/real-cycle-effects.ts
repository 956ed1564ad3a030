/**
 * The CycleEffects of a real run: the phases of agent/phases/ on a RunEnvironment (git, the
 * engine's stack, the orchestrator process, the validations), one classifier per iteration,
 * the report written atomically, and the teardown the cleanup policy asks for.
 */
import { join } from 'node:path';
import { errorMessage } from '../core/errors.js';
import type { StackUpError } from '../docker/errors.js';
import type { StreamClassifier } from '../patterns/types.js';
import { collectFailureFacts, containerFactsOf } from './collect-failure-facts.js';
import type { CycleEffects, FailureEvidence, IterationEffects } from './cycle-effects.js';
import { runOrchestratePhase } from './phases/orchestrate-phase.js';
import { runCleanupPhase } from './phases/cleanup-phase.js';
import { runConvergePhase, runRebuildPhase } from './phases/rebuild-phase.js';
import { runSnapshotPhase } from './phases/snapshot-phase.js';
import { runValidatePhase } from './phases/validate-phase.js';
import { writeReport } from './report.js';
import type { StopReason } from './report.js';
import type { RunEnvironment } from './run-environment.js';

export interface RealEffectsOptions {
  /** Keep the services whatever the outcome (--keep-services). */
  keepServices: boolean;
}

export function createCycleEffects(env: RunEnvironment, options: RealEffectsOptions): CycleEffects {
  return {
    beginIteration: (iteration) => iterationEffects(env, iteration),
    writeReport,
    teardown: (stopReason) => teardown(env, stopReason, options.keepServices),
  };
}

function iterationEffects(env: RunEnvironment, iteration: number): IterationEffects {
  // Made when first needed: the catalogue may still be compiling while the stack comes up.
  let classifier: Promise<StreamClassifier> | undefined;
  const classifierOf = () => (classifier ??= env.catalogue().then((catalogue) => catalogue.createClassifier()));
  const orchestratorLog = join(env.config.logs.dir, `orchestrator_iteration_${iteration}_${env.executionId}.log`);
  return {
    orchestratorLog,
    snapshot: () => runSnapshotPhase(env, iteration),
    cleanup: (plan, signal) => runCleanupPhase(env, plan, signal),
    converge: (plan, signal) => runConvergePhase(env, plan, signal),
    rebuild: (plan, convergence, signal) => runRebuildPhase(env, plan, convergence, signal),
    classifierReady: async () => void (await classifierOf()),
    orchestrate: async (plan, signal) => runOrchestratePhase(env, plan, iteration, orchestratorLog, await classifierOf(), signal),
    validate: async (signal) => runValidatePhase(env, await classifierOf(), orchestratorLog, signal),
    diagnose: async (context, evidence) => {
      const found = await classifierOf();
      if (evidence) feedEvidence(env, found, evidence, context.phase);
      return collectFailureFacts(env, found, context);
    },
  };
}

function feedEvidence(env: RunEnvironment, classifier: StreamClassifier, evidence: FailureEvidence, phase: string): void {
  if (evidence.kind === 'stack') {
    feedStackError(classifier, evidence.error);
    return;
  }
  env.logger.warn(`${phase} failed: ${evidence.text}`);
  classifier.write('docker', `${evidence.text}\n`);
  classifier.end('docker');
}

function feedStackError(classifier: StreamClassifier, error: StackUpError): void {
  const source = error.stage === 'readiness' ? 'readiness' : 'docker';
  classifier.write(source, `${error.detail}\n`);
  classifier.end(source);
  if (error.logsTail) {
    classifier.write(`container:${error.service}`, `${error.logsTail}\n`);
    classifier.end(`container:${error.service}`);
  }
  if (error.containerState) classifier.addContainerFacts(containerFactsOf(error.containerState));
}

/** Leave the services as configured: kept by default after success/failure, removed after an abort. */
async function teardown(env: RunEnvironment, stopReason: StopReason, keepServices: boolean): Promise<void> {
  const { cleanup } = env.config;
  const policy = stopReason === 'success' ? cleanup.onSuccess : stopReason === 'aborted' ? cleanup.onAbort : cleanup.onFailure;
  if (keepServices || policy === 'keep' || env.services.length === 0) return;
  try {
    await env.stack.down({ removeVolumes: false });
    env.logger.info('services removed', { policy, stopReason });
  } catch (error) {
    env.observer.warning(`could not remove the services: ${errorMessage(error)}`);
  }
}
