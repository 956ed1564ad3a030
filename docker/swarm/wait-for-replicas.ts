/**
 * Readiness of a Swarm service: the desired number of replicas running (Swarm keeps a task in
 * "starting" until its healthcheck passes, so running means healthy) and, for every running task
 * whose container is on the node etl-cycle talks to, the service's readiness strategy satisfied
 * on that container (ports, http, log, exec — the same strategies as for containers, through the
 * same probe routes). Tasks on other nodes count once running. A task that fails or is rejected
 * ends the wait at once with its facts (exit code, error, OOM kill), as a container exiting does
 * in container mode; one that no node can take ("no suitable node") is reported as such at the
 * deadline. One-shot services (strategy `completed`) are ready once every replica completed.
 */
import { formatDuration } from '../../core/duration.js';
import { errorMessage } from '../../core/errors.js';
import { sleep } from '../../core/sleep.js';
import type { ContainerInfo } from '../engine/engine-client.js';
import type { TaskInfo } from '../engine/swarm-client.js';
import { StackUpError } from '../errors.js';
import { createWaitStrategy } from '../readiness/create-wait-strategy.js';
import type { ReadinessOutcome } from '../readiness/wait-for-readiness.js';
import { LOGS_TAIL_LINES, READINESS_POLL_MS } from '../readiness/wait-for-readiness.js';
import type { WaitStrategy } from '../readiness/wait-strategy.js';
import type { ServiceModel, ServiceReadinessPlan } from '../types.js';
import type { SwarmStackContext } from './swarm-context.js';
import { FAILED_TASK_STATES, taskContainerName, tasksBySlot, toTaskContainerState } from './task-states.js';

function withModelPorts(exposed: ContainerInfo['exposedPorts'], service: ServiceModel): ContainerInfo['exposedPorts'] {
  const all = new Map(exposed.map((p) => [`${p.port}/${p.protocol}`, p]));
  for (const port of service.ports)
    all.set(`${port.containerPort}/${port.protocol}`, { port: port.containerPort, protocol: port.protocol });
  return [...all.values()];
}

export interface WaitForReplicasOptions {
  ctx: SwarmStackContext;
  service: ServiceModel;
  serviceId: string;
  /** The Swarm service's name (`<project>_<service>`). */
  serviceName: string;
  /** Replicas wanted; undefined for a global service (one per eligible node). */
  desired: number | undefined;
  /** Runs to completion (readiness `completed`, or awaited with service_completed_successfully): ready once every replica exited 0. */
  oneShot: boolean;
  plan: ServiceReadinessPlan;
  memLimitBytes?: number;
  startedAt: number;
  signal: AbortSignal;
  onProgress?: (detail: string) => void;
  pollMs?: number;
}

/** Why a failed task failed, in words the classifier reads (the engine's error verbatim). */
export function describeTaskFailure(serviceName: string, task: TaskInfo, oomKilled: boolean): string {
  const code = task.exitCode === null ? '' : `, exit code ${task.exitCode}`;
  const oom = oomKilled ? ', OOMKilled (out of memory)' : '';
  const verb = task.state === 'rejected' ? 'was rejected' : 'failed';
  return `task ${taskContainerName(serviceName, task)} ${verb} while waiting for readiness: ${task.error ?? task.message ?? task.state}${code}${oom}`;
}

export async function waitForReplicas(options: WaitForReplicasOptions): Promise<ReadinessOutcome> {
  const { ctx, service, serviceId, serviceName, plan, signal } = options;
  const { engine } = ctx;
  const deadline = options.startedAt + plan.timeoutMs;
  const logger = ctx.logger.child({ service: service.name });
  const strategies = new Map<string, WaitStrategy>();
  const oneShot = options.oneShot || createWaitStrategy(plan.strategy).readyOnCleanExit;
  let lastDetail = 'no task yet';
  let okSince: number | undefined;

  const progress = (detail: string) => {
    if (detail === lastDetail) return;
    lastDetail = detail;
    logger.debug(`readiness: ${detail}`);
    options.onProgress?.(detail);
  };
  const fail = async (detail: string, task: TaskInfo | undefined, slot: readonly TaskInfo[] = []): Promise<never> => {
    const container = task?.containerId ? await engine.inspectContainer(task.containerId).catch(() => undefined) : undefined;
    const logsTail = await engine.serviceLogs(serviceId, { tty: service.tty, tailLines: LOGS_TAIL_LINES }).catch(() => undefined);
    throw new StackUpError({
      service: service.name,
      stage: task?.state === 'rejected' ? 'start' : 'readiness',
      detail,
      containerState: task && toTaskContainerState(service.name, serviceName, task, slot, container, options.memLimitBytes),
      logsTail,
    });
  };

  for (;;) {
    signal.throwIfAborted();
    const tasks = await engine.listTasks({ serviceId });
    const slots = [...tasksBySlot(tasks).values()];
    const failed = tasks.find((task) => FAILED_TASK_STATES.has(task.state));
    if (failed) {
      const container = failed.containerId ? await engine.inspectContainer(failed.containerId).catch(() => undefined) : undefined;
      const slot = slots.find((s) => s.includes(failed)) ?? [failed];
      return fail(describeTaskFailure(serviceName, failed, container?.state.oomKilled ?? false), failed, slot);
    }
    const newest = slots.map((slot) => slot[0]!).filter((task) => task.desiredState !== 'shutdown' || task.state === 'complete');
    const wanted = options.desired ?? Math.max(1, newest.length);

    let ok = 0;
    const problems: string[] = [];
    if (oneShot) {
      ok = newest.filter((task) => task.state === 'complete' && task.exitCode === 0).length;
      if (ok >= wanted) {
        progress(`${ok} of ${wanted} completed`);
        return { readyAfterMs: Date.now() - options.startedAt, detail: `${ok} of ${wanted} completed (exit 0)`, exited: true };
      }
    } else {
      for (const task of newest) {
        if (task.state !== 'running') {
          problems.push(
            task.error
              ? `task ${task.state}: ${task.error}`
              : `task ${task.state}${task.message && task.message !== task.state ? ` (${task.message})` : ''}`,
          );
          continue;
        }
        const inspected = task.containerId ? await engine.inspectContainer(task.containerId) : undefined;
        // Swarm does not carry `expose:` into the task container; the checks need the service's ports.
        const container = inspected && { ...inspected, exposedPorts: withModelPorts(inspected.exposedPorts, service) };
        if (!container) {
          ok += 1;
          continue;
        }
        let strategy = strategies.get(task.id);
        if (!strategy) strategies.set(task.id, (strategy = createWaitStrategy(plan.strategy)));
        try {
          const result = await strategy.check({
            engine,
            service: service.name,
            container,
            signal,
            logger,
            remainingMs: deadline - Date.now(),
            portProbe: ctx.portProbe,
            helper: ctx.probeHelper,
          });
          if (result.fatal) return fail(result.detail, task);
          if (result.ok) ok += 1;
          else problems.push(result.detail);
        } catch (error) {
          signal.throwIfAborted();
          problems.push(errorMessage(error));
        }
      }
    }
    signal.throwIfAborted();
    const ready = ok >= wanted && (options.desired !== undefined || ok === newest.length);
    progress(`${ok} of ${wanted} replicas ready${problems.length ? `; ${problems[0]}` : ''}`);

    const checkedAt = Date.now();
    if (ready) {
      okSince ??= checkedAt;
      if (checkedAt - okSince >= plan.settleMs) return { readyAfterMs: checkedAt - options.startedAt, detail: lastDetail, exited: false };
    } else {
      okSince = undefined;
    }
    if (checkedAt >= deadline && okSince === undefined) {
      return fail(`service ${service.name} not ready after ${formatDuration(plan.timeoutMs)}: ${lastDetail}`, newest[0], slots[0]);
    }
    const pollMs = options.pollMs ?? READINESS_POLL_MS;
    const untilDeadline = deadline - checkedAt;
    await sleep(untilDeadline > 0 ? Math.min(pollMs, untilDeadline) : pollMs, signal);
  }
}

/** For service_completed_successfully: resolves once every replica completed with exit 0; a failed one rejects. */
export async function waitForCompletion(
  ctx: SwarmStackContext,
  dependent: string,
  dependency: { name: string; serviceName: string; serviceId: string; desired: number | undefined },
  signal: AbortSignal,
): Promise<void> {
  for (;;) {
    signal.throwIfAborted();
    const tasks = await ctx.engine.listTasks({ serviceId: dependency.serviceId });
    const slots = [...tasksBySlot(tasks).values()].map((slot) => slot[0]!);
    const failed = slots.find((task) => FAILED_TASK_STATES.has(task.state) || (task.state === 'complete' && task.exitCode !== 0));
    if (failed) {
      throw new StackUpError({
        service: dependent,
        stage: 'dependency',
        detail: `service "${dependency.name}" didn't complete successfully: exit ${failed.exitCode ?? 'unknown'}${failed.error ? ` (${failed.error})` : ''}`,
        containerState: toTaskContainerState(dependency.name, dependency.serviceName, failed, slots, undefined, undefined),
      });
    }
    const complete = slots.filter((task) => task.state === 'complete').length;
    if (complete >= (dependency.desired ?? Math.max(1, slots.length))) return;
    await sleep(READINESS_POLL_MS, signal);
  }
}
