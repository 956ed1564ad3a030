/**
 * Starts the created containers in dependency order and waits for each to be ready. Every service
 * runs as its own task that first waits for its dependencies' conditions (service_started: started;
 * service_healthy: ready per its readiness plan; service_completed_successfully: exited 0), so
 * independent services start and get ready in parallel. A kept service (converge) is running
 * already: it is not started again, only waited for, so its dependents see it ready at once. The
 * first failure stops everything still waiting and keeps anything not started from starting; an
 * abort does the same and lets the engine call in flight finish.
 */
import { DockerUnavailableError, abortReason, errorMessage } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import { createWaitStrategy } from '../readiness/create-wait-strategy.js';
import { defaultReadinessPlan } from '../readiness/default-readiness-plan.js';
import { LOGS_TAIL_LINES, waitForReadiness } from '../readiness/wait-for-readiness.js';
import type { ServiceModel, ServiceStatus, UpOptions } from '../types.js';
import type { CreatedContainer } from './create-container.js';
import type { StackContext } from './stack-context.js';
import type { Emit } from './stack-events.js';
import { presentDependencies } from './start-order.js';
import { toContainerState } from './to-container-state.js';
import { deferred } from '../../core/deferred.js';

export async function startServices(
  ctx: StackContext,
  services: ServiceModel[],
  containers: Map<string, CreatedContainer>,
  kept: ReadonlySet<string>,
  options: UpOptions,
  emit: Emit,
): Promise<ServiceStatus[]> {
  const failure = new AbortController();
  const stop = options.signal ? AbortSignal.any([failure.signal, options.signal]) : failure.signal;
  const started = new Map(services.map((s) => [s.name, deferred<void>()]));
  const ready = new Map(services.map((s) => [s.name, deferred<ServiceStatus>()]));
  const statuses = new Map<string, ServiceStatus>();
  let firstError: unknown;
  /**
   * A one-shot service that others wait on with service_completed_successfully fails its own
   * readiness wait when it exits non-zero, and so does each dependent waiting for it. The
   * dependent's error ("service "migrate" didn't complete successfully: exit 3", stage
   * dependency) is the one Compose users know, so the one-shot's own is held back for it.
   */
  const awaitedToComplete = new Set(
    services.flatMap((s) =>
      presentDependencies(s, services)
        .filter((d) => d.condition === 'service_completed_successfully')
        .map((d) => d.service),
    ),
  );
  let heldBack: unknown;

  const container = (name: string): CreatedContainer => {
    const created = containers.get(name);
    if (!created) throw new Error(`internal: no container was created for service ${name}`);
    return created;
  };

  const completedSuccessfully = async (service: ServiceModel, dependency: string): Promise<void> => {
    await started.get(dependency)?.promise;
    const { id } = container(dependency);
    const exitCode = await ctx.engine.waitContainer(id, { signal: stop });
    if (exitCode === 0) return;
    const info = await ctx.engine.inspectContainer(id);
    const logsTail = info && (await ctx.engine.containerLogs(id, { tty: info.tty, tailLines: LOGS_TAIL_LINES }).catch(() => undefined));
    throw new StackUpError({
      service: service.name,
      stage: 'dependency',
      detail: `service "${dependency}" didn't complete successfully: exit ${exitCode}`,
      containerState: info && toContainerState(dependency, info),
      logsTail,
    });
  };

  const run = async (service: ServiceModel): Promise<void> => {
    await Promise.all(
      presentDependencies(service, services).map((dependency) => {
        switch (dependency.condition) {
          case 'service_started':
            return started.get(dependency.service)?.promise;
          case 'service_healthy':
            return ready.get(dependency.service)?.promise;
          case 'service_completed_successfully':
            return completedSuccessfully(service, dependency.service);
        }
      }),
    );
    stop.throwIfAborted();

    const { id, name } = container(service.name);
    const startedAt = Date.now();
    if (!kept.has(service.name)) await start(service, id);
    started.get(service.name)?.resolve();
    await waitUntilReady(service, id, name, startedAt);
  };

  const start = async (service: ServiceModel, id: string): Promise<void> => {
    emit(service.name, 'starting');
    try {
      await ctx.engine.startContainer(id);
    } catch (error) {
      if (error instanceof DockerUnavailableError) throw error;
      const info = await ctx.engine.inspectContainer(id).catch(() => undefined);
      throw new StackUpError({
        service: service.name,
        stage: 'start',
        detail: errorMessage(error),
        containerState: info && toContainerState(service.name, info),
        cause: error,
      });
    }
  };

  const waitUntilReady = async (service: ServiceModel, id: string, name: string, startedAt: number): Promise<void> => {
    const plan = options.readiness[service.name] ?? defaultReadinessPlan(service, services);
    const strategy = createWaitStrategy(plan.strategy);
    emit(service.name, 'waiting', strategy.description);
    const outcome = await waitForReadiness({
      engine: ctx.engine,
      logger: ctx.logger,
      service: service.name,
      containerId: id,
      plan,
      strategy,
      portProbe: ctx.portProbe,
      helper: ctx.probeHelper,
      startedAt,
      signal: stop,
      onProgress: (detail) => emit(service.name, 'waiting', detail),
    });
    if (outcome.exited) emit(service.name, 'exited', 'exit 0');
    emit(service.name, 'ready', outcome.detail);
    const status: ServiceStatus = {
      service: service.name,
      containerName: name,
      containerId: id,
      ready: true,
      readyAfterMs: outcome.readyAfterMs,
      detail: outcome.detail,
    };
    statuses.set(service.name, status);
    ready.get(service.name)?.resolve(status);
  };

  await Promise.all(
    services.map((service) =>
      run(service).catch((error: unknown) => {
        started.get(service.name)?.reject(error);
        ready.get(service.name)?.reject(error);
        // Only the first failure is the cause; the rest are its echo (dependents, stopped waits).
        if (firstError !== undefined || stop.aborted) return;
        if (error instanceof StackUpError) {
          if (error.containerState && !error.containerState.running && error.containerState.exitCode !== null) {
            emit(error.service, 'exited', `exit ${error.containerState.exitCode}${error.containerState.oomKilled ? ' (OOMKilled)' : ''}`);
          }
          emit(error.service, 'failed', error.detail);
          if (error.stage === 'readiness' && awaitedToComplete.has(service.name) && error.containerState?.running === false) {
            heldBack ??= error;
            return;
          }
        }
        firstError = error;
        failure.abort(error);
      }),
    ),
  );

  if (options.signal?.aborted) throw abortReason(options.signal);
  if (firstError !== undefined) throw firstError;
  if (heldBack !== undefined) throw heldBack;
  return services.map((service) => {
    const status = statuses.get(service.name);
    if (!status) throw new Error(`internal: service ${service.name} finished without a status`);
    return status;
  });
}
