/**
 * Which engine etl-cycle talks to, and how it came to be that one, as plain data: what
 * resolve-engine-target.ts produces from the docker CLI's own settings and dockerode-client.ts
 * connects to. Because the settings are the docker CLI's, `docker ps` in the same shell shows
 * the same engine etl-cycle uses.
 */

export type EngineTransport = 'unix' | 'npipe' | 'tcp' | 'ssh';

export interface TlsSettings {
  /** Check the engine's certificate (against `caFile`, else the system's CAs). False: encrypted, but anyone can pose as the engine. */
  verify: boolean;
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Where the files come from, for messages: "DOCKER_CERT_PATH=/certs", "context staging". */
  origin: string;
}

/** How the engine was chosen, in the docker CLI's order (see resolve-engine-target.ts). */
export type EngineOrigin =
  | { kind: 'flag' }
  | { kind: 'docker-host' }
  | { kind: 'context'; name: string; selectedBy: 'flag' | 'DOCKER_CONTEXT' | 'config'; configFile?: string; metaFile: string }
  | { kind: 'default' };

export interface EngineTarget {
  /** Canonical form: unix:///var/run/docker.sock, tcp://10.0.0.5:2376, ssh://deploy@build-host, npipe:////./pipe/docker_engine. */
  endpoint: string;
  transport: EngineTransport;
  /** unix and npipe. */
  socketPath?: string;
  /** tcp and ssh. */
  host?: string;
  port?: number;
  /** ssh only. */
  user?: string;
  /** tcp only; undefined = plain HTTP. */
  tls?: TlsSettings;
  origin: EngineOrigin;
  /** The setting a user changes to pick another engine, named in every message about this one. */
  setting: string;
}

/** "--engine", "DOCKER_HOST", "context staging (DOCKER_CONTEXT)", ...: how the engine was chosen, for reports and doctor. */
export function describeOrigin(origin: EngineOrigin): string {
  switch (origin.kind) {
    case 'flag':
      return '--engine';
    case 'docker-host':
      return 'DOCKER_HOST';
    case 'default':
      return 'the default socket (no --engine, DOCKER_HOST, DOCKER_CONTEXT or current context)';
    case 'context': {
      const by =
        origin.selectedBy === 'flag'
          ? '--engine'
          : origin.selectedBy === 'DOCKER_CONTEXT'
            ? 'DOCKER_CONTEXT'
            : `currentContext in ${origin.configFile ?? 'the docker config'}`;
      return `docker context "${origin.name}" (${by})`;
    }
  }
}

export type TlsState = 'verified' | 'unverified' | 'none';

export function tlsStateOf(target: EngineTarget): TlsState {
  if (!target.tls) return 'none';
  return target.tls.verify ? 'verified' : 'unverified';
}
