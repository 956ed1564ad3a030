/**
 * The host ports the services publish must be free for a run to start them. A port held by
 * one of this project's own containers (an earlier run) is fine: a run removes those first. A
 * port held by anything else blocks the run, and the check says who holds it when the engine
 * knows. Only meaningful for a local engine (a remote one publishes on its own host).
 */
import { createServer } from 'node:net';
import { LABELS } from '../../docker/labels.js';
import type { EngineClient } from '../../docker/engine/engine-client.js';
import type { ServiceModel } from '../../docker/types.js';
import { fail, ok, warn } from './doctor-check.js';
import type { CheckResult } from './doctor-check.js';

export async function checkPorts(
  services: readonly ServiceModel[],
  project: string,
  engine: EngineClient | undefined,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const service of services) {
    for (const port of service.ports) {
      if (!port.published || port.hostPort === undefined || port.protocol !== 'tcp') continue;
      const name = `port ${port.hostPort}`;
      const host = port.hostIp && port.hostIp !== '' ? port.hostIp : '0.0.0.0';
      const error = await tryListen(host, port.hostPort);
      if (!error) {
        results.push(ok(name, `free (${service.name})`));
        continue;
      }
      if (error !== 'EADDRINUSE') {
        results.push(warn(name, `cannot check ${host}:${port.hostPort} (${error}) for ${service.name}`));
        continue;
      }
      // Matched on the host port itself: the engine's `publish` filter also matches container ports.
      const running = engine ? await engine.listContainers({ all: false }).catch(() => []) : [];
      const holder = running.find((container) => container.ports.some((binding) => binding.hostPort === port.hostPort));
      if (holder && holder.labels[LABELS.project] === project && holder.labels[LABELS.managedBy] === 'etl-cycle') {
        results.push(
          warn(
            name,
            `held by ${holder.name}, this project's container from an earlier run (a run removes it first; etl-cycle down does now)`,
          ),
        );
      } else if (holder) {
        results.push(
          fail(
            name,
            `in use by container ${holder.name} (${holder.image}), not this project's: stop it, or publish ${service.name} on another port`,
          ),
        );
      } else {
        results.push(
          fail(name, `in use by another process on this machine (${service.name} publishes it): stop it, or publish another port`),
        );
      }
    }
  }
  return results;
}

function tryListen(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
  });
}
