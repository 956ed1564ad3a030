import type { Logger } from '../../core/logger.js';
import type { ContainerInfo, EngineClient } from '../engine/engine-client.js';
import type { PortProbeMode } from './port-probe-mode.js';
import type { ProbeHelper } from './probe-helper.js';

/** What one round of a check can use. */
export interface ProbeContext {
  readonly engine: EngineClient;
  readonly service: string;
  /** The container as inspected at the start of this round. */
  readonly container: ContainerInfo;
  /** Aborts when the wait ends for any reason: probes stop promptly. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Time left before the deadline; a probe bounds its own duration by it. */
  readonly remainingMs: number;
  readonly portProbe: PortProbeMode;
  /** One-shot probe containers on the container's network; undefined where the stack offers none. */
  readonly helper?: ProbeHelper;
}

export interface ProbeResult {
  ok: boolean;
  /** What the check saw, for progress lines and for the classifier ("172.18.0.2:5432 connection refused (ECONNREFUSED)"). */
  detail: string;
  /** The check can never succeed (no healthcheck to wait for, an invalid pattern): stop waiting now. */
  fatal?: boolean;
}

/** One way to decide that a started container is ready (Testcontainers' wait strategies). */
export interface WaitStrategy {
  /** "healthcheck", "ports", "log /ready/ x2": for logs. */
  readonly description: string;
  /**
   * True for strategies whose goal is met by a clean exit (one-shot services). For every other
   * strategy the container exiting while it is waited for is a failure.
   */
  readonly readyOnCleanExit: boolean;
  check(ctx: ProbeContext): Promise<ProbeResult>;
}

/** A probe's own time limit: short, never past the deadline, never uselessly tiny. */
export function probeTimeout(remainingMs: number, capMs = 2_000): number {
  return Math.max(200, Math.min(capMs, remainingMs));
}
