/**
 * `up` in Swarm mode: images (built or pulled on the manager), overlay networks, then one Swarm
 * service per Compose service, created in dependency order. Swarm itself ignores depends_on, so
 * etl-cycle keeps Compose's meaning: a service is created once its dependencies are started
 * (service_started), ready (service_healthy) or completed with exit 0
 * (service_completed_successfully), and independent services come up in parallel. The first
 * failure stops every wait still running; what was created is left for the caller's cleanup, as in
 * container mode.
 */
import { OwnershipError, abortReason } from '../../core/errors.js';
import { StackUpError } from '../errors.js';
import { ownedBy } from '../labels.js';
import { defaultReadinessPlan } from '../readiness/default-readiness-plan.js';
import { ensureImage } from '../stack/ensure-image.js';
import { enabledServices, networkFor, serviceNetworkKeys } from '../stack/resource-names.js';
import { presentDependencies, serviceLevels } from '../stack/start-order.js';
import type { Convergence, ServiceModel, ServicePhase, ServiceStatus, UpOptions, UpResult } from '../types.js';
import { ensureOverlayNetwork } from './ensure-overlay-network.js';
import type { SwarmStackContext } from './swarm-context.js';
import { serviceLabels, swarmResourceLabels, taskContainerLabels } from './swarm-labels.js';
import { swarmServiceName } from './swarm-names.js';
import { desiredReplicas, toServiceSpec } from './to-service-spec.js';
import { waitForCompletion, waitForReplicas } from './wait-for-replicas.js';
import { deferred } from '../../core/deferred.js';

export async function swarmUp(ctx: SwarmStackContext, options: UpOptions): Promise<UpResult> {
  const services = enabledServices(ctx.project);
  if (services.length === 0) return { services: [], changes: [], removed: [] };
  const { signal } = options;
  const began = Date.now();
  const emit = (service: string, phase: ServicePhase, detail?: string) => {
    try {
      options.onEvent?.({ service, phase, ...(detail === undefined ? {} : { detail }), elapsedMs: Date.now() - began });
    } catch (error) {
      ctx.logger.debug('onEvent threw', { error: String(error) });
    }
  };
  const checkpoint = () => {
    if (signal?.aborted) throw abortReason(signal);
  };

  let ordered = services;
  try {
    ordered = serviceLevels(services).flat();
    const checked = new Set<string>();
    for (const service of ordered) {
      checkpoint();
      if (!service.build && checked.has(service.image)) continue;
      await ensureImage(ctx, service, { signal, onProgress: (detail) => emit(service.name, 'building', detail) });
      checked.add(service.image);
    }
    const firstUser = new Map<string, string>();
    for (const service of ordered) for (const key of serviceNetworkKeys(service)) if (!firstUser.has(key)) firstUser.set(key, service.name);
    for (const [key, service] of firstUser) {
      checkpoint();
      await ensureOverlayNetwork(ctx, networkFor(ctx.project, key), service);
    }
  } catch (error) {
    if (error instanceof StackUpError) emit(error.service, 'failed', error.detail);
    throw error;
  }

  const failure = new AbortController();
  const stop = signal ? AbortSignal.any([failure.signal, signal]) : failure.signal;
  const created = new Map(ordered.map((s) => [s.name, deferred<string>()]));
  const ready = new Map(ordered.map((s) => [s.name, deferred<ServiceStatus>()]));
  const oneShots = new Set(
    ordered.flatMap((s) =>
      presentDependencies(s, ordered)
        .filter((d) => d.condition === 'service_completed_successfully')
        .map((d) => d.service),
    ),
  );
  let firstError: unknown;

  const run = async (service: ServiceModel): Promise<void> => {
    await Promise.all(
      presentDependencies(service, ordered).map(async (dependency) => {
        if (dependency.condition === 'service_started') return created.get(dependency.service)?.promise;
        if (dependency.condition === 'service_healthy') return ready.get(dependency.service)?.promise;
        const serviceId = await created.get(dependency.service)!.promise;
        const model = ordered.find((s) => s.name === dependency.service)!;
        return waitForCompletion(
          ctx,
          service.name,
          { name: model.name, serviceName: swarmServiceName(ctx.project, model), serviceId, desired: desiredReplicas(model) },
          stop,
        );
      }),
    );
    stop.throwIfAborted();

    const plan = options.readiness[service.name] ?? defaultReadinessPlan(service, ordered);
    const memLimitBytes = options.memoryOverrides?.[service.name] ?? service.memLimitBytes;
    const name = swarmServiceName(ctx.project, service);
    const oneShot = plan.strategy.type === 'completed' || oneShots.has(service.name);
    const existing = await ctx.engine.inspectService(name);
    if (existing) {
      if (!ownedBy(existing.labels, ctx.project.name)) {
        throw new OwnershipError(
          'container',
          name,
          `service "${name}" exists but was not created by etl-cycle for project "${ctx.project.name}"; etl-cycle will not touch it: remove it yourself (docker service rm ${name}) or change the project name`,
        );
      }
      await ctx.engine.removeService(existing.id);
    }
    emit(service.name, 'creating');
    const startedAt = Date.now();
    let serviceId: string;
    try {
      serviceId = await ctx.engine.createService(
        toServiceSpec(ctx.project, service, {
          labels: serviceLabels(ctx, service, memLimitBytes),
          containerLabels: taskContainerLabels(ctx, service, memLimitBytes),
          volumeLabels: (key) => swarmResourceLabels(ctx, key, ctx.project.volumes.find((v) => v.key === key)?.labels ?? {}),
          ...(memLimitBytes === undefined ? {} : { memLimitBytes }),
          oneShot,
        }),
      );
    } catch (error) {
      throw new StackUpError({ service: service.name, stage: 'create', detail: (error as Error).message, cause: error });
    }
    created.get(service.name)?.resolve(serviceId);
    emit(service.name, 'starting');
    emit(service.name, 'waiting', `${desiredReplicas(service) ?? 'one per node'} replica(s)`);
    const outcome = await waitForReplicas({
      ctx,
      service,
      serviceId,
      serviceName: name,
      desired: desiredReplicas(service),
      oneShot,
      plan,
      ...(memLimitBytes === undefined ? {} : { memLimitBytes }),
      startedAt,
      signal: stop,
      onProgress: (detail) => emit(service.name, 'waiting', detail),
    });
    if (outcome.exited) emit(service.name, 'exited', 'exit 0');
    emit(service.name, 'ready', outcome.detail);
    // No containerId: a Swarm service is many task containers that Swarm itself may replace, so
    // the agent's container-identity check (agent/stack-witness.ts) does not apply to it.
    ready.get(service.name)?.resolve({
      service: service.name,
      containerName: name,
      ready: true,
      readyAfterMs: outcome.readyAfterMs,
      detail: outcome.detail,
    });
  };

  await Promise.all(
    ordered.map((service) =>
      run(service).catch((error: unknown) => {
        created.get(service.name)?.reject(error);
        ready.get(service.name)?.reject(error);
        if (firstError !== undefined || stop.aborted) return;
        if (error instanceof StackUpError) {
          const state = error.containerState;
          if (state && !state.running && state.exitCode !== null)
            emit(error.service, 'exited', `exit ${state.exitCode}${state.oomKilled ? ' (OOMKilled)' : ''}`);
          emit(error.service, 'failed', error.detail);
        }
        firstError = error;
        failure.abort(error);
      }),
    ),
  );
  if (signal?.aborted) throw abortReason(signal);
  if (firstError !== undefined) throw firstError;
  const statuses = await Promise.all(ordered.map((service) => ready.get(service.name)!.promise));
  return { services: statuses, changes: options.convergence?.changes ?? swarmRedeployAll(services).changes, removed: [] };
}

/**
 * Swarm mode deploys every service again each iteration (its cleanup removes the services first):
 * keeping a service is for the container stack. This is the convergence that says so.
 */
export function swarmRedeployAll(services: readonly ServiceModel[]): Convergence {
  return {
    changes: services.map((s) => ({ service: s.name, action: 'create', reason: 'Swarm mode: every service is deployed again' })),
    removeVolumes: false,
    definitions: {},
    existing: {},
  };
}
