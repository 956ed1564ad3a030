/**
 * The engine a run used, as the run report and `etl-cycle doctor` show it: the endpoint, how it
 * was chosen, TLS, where it runs, its version, and what etl-cycle does on it (containers or Swarm
 * services; readiness from this machine or from the engine's network).
 */
import type { EngineLocation } from './engine-location.js';
import { describeOrigin, tlsStateOf } from './engine-target.js';
import type { EngineTarget, EngineTransport, TlsState } from './engine-target.js';

export interface EngineReport {
  endpoint: string;
  /** "DOCKER_HOST", "--engine", "docker context \"staging\" (DOCKER_CONTEXT)", "the default socket (...)". */
  resolved_from: string;
  context: string | null;
  transport: EngineTransport;
  tls: TlsState;
  location: EngineLocation;
  server_version: string | null;
  api_version: string | null;
  /** "inactive", "active manager", "active worker", ... */
  swarm: string | null;
  mode: 'containers' | 'swarm' | null;
  readiness_probe: 'host' | 'engine' | null;
}

export function engineReport(
  target: EngineTarget,
  facts: {
    location: EngineLocation;
    version?: { version: string; apiVersion: string };
    swarm?: { localNodeState: string; controlAvailable: boolean };
    mode?: 'containers' | 'swarm';
    readinessProbe?: 'host' | 'engine';
  },
): EngineReport {
  const swarm = facts.swarm;
  return {
    endpoint: target.endpoint,
    resolved_from: describeOrigin(target.origin),
    context: target.origin.kind === 'context' ? target.origin.name : null,
    transport: target.transport,
    tls: tlsStateOf(target),
    location: facts.location,
    server_version: facts.version?.version ?? null,
    api_version: facts.version?.apiVersion ?? null,
    swarm: swarm
      ? swarm.localNodeState === 'active'
        ? `active ${swarm.controlAvailable ? 'manager' : 'worker'}`
        : swarm.localNodeState
      : null,
    mode: facts.mode ?? null,
    readiness_probe: facts.readinessProbe ?? null,
  };
}

/** One line: "tcp://10.0.0.5:2376 (TLS verified, remote) from DOCKER_HOST; Docker 24.0.7, API 1.43; swarm: active manager; containers, readiness from the engine's network". */
export function formatEngineReport(report: EngineReport): string {
  const transport = report.transport === 'tcp' ? `TLS ${report.tls === 'none' ? 'off' : report.tls}, ` : '';
  const parts = [`${report.endpoint} (${transport}${report.location}) from ${report.resolved_from}`];
  if (report.server_version) parts.push(`Docker ${report.server_version}, API ${report.api_version ?? '?'}`);
  if (report.swarm) parts.push(`swarm: ${report.swarm}`);
  if (report.mode) {
    const probe = report.readiness_probe === 'engine' ? "readiness from the engine's network" : 'readiness from this machine';
    parts.push(`${report.mode === 'swarm' ? 'Swarm services' : 'containers'}, ${probe}`);
  }
  return parts.join('; ');
}
