/**
 * The Swarm calls the swarm stack needs (docker/swarm/), as plain data, over the same connection
 * as EngineClient; implemented in dockerode-client.ts. Same conventions as engine-client.ts:
 * `inspect*` answers undefined for 404, removals tolerate what is already gone, durations are
 * milliseconds unless the unit is in the name.
 */
import type { EngineClient, HealthcheckConfig, ListFilter, PortProtocol } from './engine-client.js';

export interface SwarmStatus {
  /** The engine's LocalNodeState: inactive, pending, active, error, locked. */
  localNodeState: string;
  /** True on a manager: it can create services. */
  controlAvailable: boolean;
  nodeId: string;
  /** Nodes in the swarm (managers only know). */
  nodes?: number;
}

export interface ServiceMount {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Volume name or absolute host path; undefined: an anonymous volume or tmpfs. */
  source?: string;
  target: string;
  readOnly: boolean;
  /** Labels of a volume the engine creates on the node that runs the task. */
  volumeLabels?: Record<string, string>;
  volumeDriver?: string;
  volumeDriverOptions?: Record<string, string>;
}

export interface UpdatePolicy {
  parallelism?: number;
  delayNs?: number;
  failureAction?: 'continue' | 'rollback' | 'pause';
  monitorNs?: number;
  maxFailureRatio?: number;
  order?: 'stop-first' | 'start-first';
}

export interface ServicePort {
  protocol: PortProtocol;
  targetPort: number;
  publishedPort?: number;
  publishMode: 'ingress' | 'host';
}

export interface ServiceSpec {
  name: string;
  /** Labels of the service object. */
  labels: Record<string, string>;
  image: string;
  /** Replaces the image's entrypoint (Compose `entrypoint`). */
  command?: string[];
  /** Arguments (Compose `command`). */
  args?: string[];
  /** `KEY=value` entries. */
  env: string[];
  /** Labels of every task container. */
  containerLabels: Record<string, string>;
  user?: string;
  workingDir?: string;
  hostname?: string;
  tty: boolean;
  openStdin: boolean;
  /** /etc/hosts lines, "IP name". */
  hosts: string[];
  healthcheck?: HealthcheckConfig;
  stopGracePeriodNs?: number;
  mounts: ServiceMount[];
  networks: { target: string; aliases: string[] }[];
  mode: { kind: 'replicated'; replicas: number } | { kind: 'global' };
  limits: { nanoCpus?: number; memoryBytes?: number; pids?: number };
  reservations: { nanoCpus?: number; memoryBytes?: number };
  restartPolicy?: { condition: 'none' | 'on-failure' | 'any'; delayNs?: number; maxAttempts?: number; windowNs?: number };
  placement?: { constraints: string[]; preferences: string[]; maxReplicas?: number };
  updateConfig?: UpdatePolicy;
  rollbackConfig?: UpdatePolicy;
  endpointMode: 'vip' | 'dnsrr';
  ports: ServicePort[];
}

export interface ServiceInfo {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** Desired replicas; undefined for a global service. */
  replicas?: number;
  image: string;
  memoryLimitBytes?: number;
  /** Ports published through the swarm (ingress or host mode). */
  publishedPorts: { targetPort: number; publishedPort: number; protocol: PortProtocol }[];
}

/** One task (one replica's attempt), as the manager reports it. */
export interface TaskInfo {
  id: string;
  serviceId: string;
  /** Replica number of a replicated service; undefined for global services (one per node). */
  slot?: number;
  nodeId: string;
  desiredState: string;
  /** new, pending, assigned, accepted, preparing, ready, starting, running, complete, shutdown, failed, rejected, remove, orphaned. */
  state: string;
  message: string;
  /** Why it failed or is stuck: "task: non-zero exit (137)", "no suitable node (...)". */
  error?: string;
  containerId?: string;
  /** The container's exit code once the task has ended; null while it has not. */
  exitCode: number | null;
  /** When the state last changed (ISO). */
  timestamp: string;
  /** Its address on each network it joined. */
  addresses: { network: string; address: string }[];
}

export interface SwarmObject {
  id: string;
  name: string;
  labels: Record<string, string>;
}

export interface SwarmEngineClient extends EngineClient {
  swarmStatus(): Promise<SwarmStatus>;
  /** Resolves to the new service's id. A spec the manager rejects fails with its message verbatim. */
  createService(spec: ServiceSpec): Promise<string>;
  inspectService(idOrName: string): Promise<ServiceInfo | undefined>;
  listServices(filter?: ListFilter): Promise<ServiceInfo[]>;
  removeService(idOrName: string): Promise<void>;
  listTasks(filter: { serviceId?: string; labels?: string[] }): Promise<TaskInfo[]>;
  /** The tail of every task's output, stdout and stderr demultiplexed. */
  serviceLogs(idOrName: string, options: { tty: boolean; tailLines?: number }): Promise<string>;
  listConfigs(filter?: ListFilter): Promise<SwarmObject[]>;
  removeConfig(id: string): Promise<void>;
  listSecrets(filter?: ListFilter): Promise<SwarmObject[]>;
  removeSecret(id: string): Promise<void>;
}
