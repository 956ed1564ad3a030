/**
 * The wait loop shared by every strategy: each round inspects the container, ends the wait at once
 * when it exited, restarted or was OOM-killed (a strategy for one-shot services counts a clean exit
 * as success), runs the strategy's check, and returns once the check has kept succeeding for
 * `settleMs`. Past the deadline it fails with what the check saw last, in words a classifier reads.
 */
import { formatDuration } from '../../core/duration.js';
import { errorMessage } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import { sleep } from '../../core/sleep.js';
import type { ContainerInfo, EngineClient } from '../engine/engine-client.js';
import { StackUpError } from '../errors.js';
import { toContainerState } from '../stack/to-container-state.js';
import type { ServiceReadinessPlan } from '../types.js';
import type { PortProbeMode } from './port-probe-mode.js';
import type { ProbeHelper } from './probe-helper.js';
import type { ProbeResult, WaitStrategy } from './wait-strategy.js';

export const READINESS_POLL_MS = 250;
export const LOGS_TAIL_LINES = 50;

export interface WaitForReadinessOptions {
  engine: EngineClient;
  logger: Logger;
  service: string;
  containerId: string;
  plan: ServiceReadinessPlan;
  strategy: WaitStrategy;
  portProbe: PortProbeMode;
  helper?: ProbeHelper;
  /** Epoch ms the container was started: the deadline counts from there. */
  startedAt: number;
  signal: AbortSignal;
  /** What the check sees, each time it changes. */
  onProgress?: (detail: string) => void;
  /** Pause between rounds (default READINESS_POLL_MS). */
  pollMs?: number;
}

export interface ReadinessOutcome {
  readyAfterMs: number;
  detail: string;
  /** The container exited cleanly, which was what the strategy waited for. */
  exited: boolean;
}

function describeExit(info: ContainerInfo, restarted: boolean): string {
  const code = info.state.exitCode;
  const oom = info.state.oomKilled ? ', OOMKilled (out of memory)' : '';
  if (restarted)
    return `container restarted while waiting for readiness (restart count ${info.restartCount}, last exit code ${code ?? 'unknown'}${oom})`;
  return `container exited with code ${code ?? 'unknown'} while waiting for readiness${oom}`;
}

export async function waitForReadiness(options: WaitForReadinessOptions): Promise<ReadinessOutcome> {
  const { engine, service, containerId, plan, strategy, signal } = options;
  const deadline = options.startedAt + plan.timeoutMs;
  const logger = options.logger.child({ service, readiness: strategy.description });
  let lastDetail = 'not checked yet';
  let okSince: number | undefined;
  let initialRestarts: number | undefined;

  const fail = async (detail: string, info: ContainerInfo | undefined, cause?: unknown): Promise<never> => {
    const logsTail = info
      ? await engine.containerLogs(info.id, { tty: info.tty, tailLines: LOGS_TAIL_LINES }).catch(() => undefined)
      : undefined;
    throw new StackUpError({
      service,
      stage: 'readiness',
      detail,
      containerState: info && toContainerState(service, info),
      logsTail,
      cause,
    });
  };
  const progress = (detail: string) => {
    if (detail === lastDetail) return;
    lastDetail = detail;
    logger.debug(`readiness: ${detail}`);
    options.onProgress?.(detail);
  };

  for (;;) {
    signal.throwIfAborted();
    const info = await engine.inspectContainer(containerId);
    if (!info) return fail(`container ${containerId} was removed while waiting for readiness`, undefined);
    initialRestarts ??= info.restartCount;
    const restarted = info.restartCount > initialRestarts || info.state.status === 'restarting';
    if (!info.state.running || restarted) {
      if (!restarted && info.state.exitCode === 0 && strategy.readyOnCleanExit) {
        progress('exit 0');
        return { readyAfterMs: Date.now() - options.startedAt, detail: 'exit 0', exited: true };
      }
      return fail(describeExit(info, restarted), info);
    }

    const now = Date.now();
    let result: ProbeResult;
    try {
      result = await strategy.check({
        engine,
        service,
        container: info,
        signal,
        logger,
        remainingMs: deadline - now,
        portProbe: options.portProbe,
        helper: options.helper,
      });
    } catch (error) {
      signal.throwIfAborted();
      // An engine hiccup or the container stopping under an exec: the next round's inspect tells which.
      result = { ok: false, detail: errorMessage(error) };
    }
    signal.throwIfAborted();
    progress(result.detail);
    if (result.fatal) return fail(result.detail, info);

    const checkedAt = Date.now();
    if (result.ok) {
      okSince ??= checkedAt;
      if (checkedAt - okSince >= plan.settleMs)
        return { readyAfterMs: checkedAt - options.startedAt, detail: result.detail, exited: false };
    } else {
      okSince = undefined;
    }
    // A settle window that began before the deadline may finish after it; nothing else may.
    if (checkedAt >= deadline && okSince === undefined) {
      return fail(`service ${service} not ready after ${formatDuration(plan.timeoutMs)}: ${lastDetail}`, info);
    }
    const pollMs = options.pollMs ?? READINESS_POLL_MS;
    const untilDeadline = deadline - checkedAt;
    await sleep(untilDeadline > 0 ? Math.min(pollMs, untilDeadline) : pollMs, signal);
  }
}
