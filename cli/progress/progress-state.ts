/**
 * The state both renderers draw from: which iteration, which phase since when, each service's
 * readiness, the backoff deadline. Kept apart from drawing so it is easy to test and share.
 */
import type { StackEvent } from '../../docker/types.js';
import type { IterationPhase } from '../../agent/failure.js';

export interface ServiceLine {
  phase: StackEvent['phase'];
  detail?: string;
  since: number;
}

export class ProgressState {
  iteration = 0;
  maxIterations = 0;
  phase: IterationPhase | 'backoff' | 'starting' = 'starting';
  phaseSince = Date.now();
  backoffUntil = 0;
  services = new Map<string, ServiceLine>();
  lastOutputAt = Date.now();

  startIteration(iteration: number, max: number): void {
    this.iteration = iteration;
    this.maxIterations = max;
    this.services.clear();
    this.setPhase('snapshot');
  }

  setPhase(phase: ProgressState['phase']): void {
    this.phase = phase;
    this.phaseSince = Date.now();
  }

  service(event: StackEvent): void {
    this.services.set(event.service, { phase: event.phase, detail: event.detail, since: Date.now() - event.elapsedMs });
  }

  startBackoff(delayMs: number): void {
    this.setPhase('backoff');
    this.backoffUntil = Date.now() + delayMs;
  }
}
