/**
 * The docker layer's public contract, used by agent/ and orchestrator/.
 * Everything here is engine-agnostic data; dockerode stays inside docker/engine/.
 */

// ---------------------------------------------------------------- Compose model (normalized)

export type DependsOnCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface PortMapping {
  /** Port inside the container. */
  containerPort: number;
  protocol: 'tcp' | 'udp';
  /** Published host port; undefined = not published (or an ephemeral one chosen by the engine when `publish` is true). */
  hostPort?: number;
  hostIp?: string;
  /** True when the port is published on the host (with a fixed or an ephemeral host port). */
  published: boolean;
}

export interface VolumeMount {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Volume key from the Compose file (type volume; undefined = anonymous) or absolute host path (bind). */
  source?: string;
  target: string;
  readOnly: boolean;
}

export interface Healthcheck {
  /** Engine form: ["CMD", ...] | ["CMD-SHELL", "..."] | ["NONE"]; [] keeps the image's own test (timings still apply). */
  test: string[];
  intervalMs?: number;
  timeoutMs?: number;
  retries?: number;
  startPeriodMs?: number;
  startIntervalMs?: number;
}

export interface BuildSpec {
  /** Absolute path of the build context. */
  context: string;
  /** Dockerfile path relative to the context. */
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
}

export interface UpdateSettings {
  parallelism?: number;
  delayMs?: number;
  failureAction?: 'continue' | 'rollback' | 'pause';
  monitorMs?: number;
  maxFailureRatio?: number;
  order?: 'stop-first' | 'start-first';
}

/**
 * `deploy:` (and `scale:`) as written, validated the way Swarm validates it. The Swarm stack
 * honours all of it; the container stack runs one container per service and refuses or warns
 * about the rest (docker/stack-mode.ts), naming each setting by `locations`.
 */
export interface DeploySpec {
  mode: 'replicated' | 'global';
  /** Desired replicas of a replicated service (`deploy.replicas`, else `scale`); undefined = 1. */
  replicas?: number;
  cpusLimit?: number;
  pidsLimit?: number;
  memoryReservationBytes?: number;
  cpusReservation?: number;
  restartPolicy?: { condition: 'none' | 'on-failure' | 'any'; delayMs?: number; maxAttempts?: number; windowMs?: number };
  placement?: { constraints: string[]; preferences: string[]; maxReplicasPerNode?: number };
  updateConfig?: UpdateSettings;
  rollbackConfig?: UpdateSettings;
  endpointMode?: 'vip' | 'dnsrr';
  /** Labels of the Swarm service object (not of its containers). */
  labels: Record<string, string>;
  /** Where each key written was: "compose.yaml:12: services.web.deploy.replicas", by key (`replicas`, `placement`, ...). */
  locations: Record<string, string>;
}

export interface ServiceModel {
  name: string;
  /** Image reference; when `build` is set too, the image is tagged with this name. */
  image: string;
  build?: BuildSpec;
  /** Arguments as the engine takes them: undefined keeps the image's default, [] clears it. */
  command?: string[];
  /** Same rules as `command`. */
  entrypoint?: string[];
  environment: Record<string, string>;
  ports: PortMapping[];
  volumes: VolumeMount[];
  healthcheck?: Healthcheck;
  dependsOn: { service: string; condition: DependsOnCondition; required: boolean }[];
  memLimitBytes?: number;
  /** Present when the Compose file has `deploy:` or `scale:` for the service. */
  deploy?: DeploySpec;
  labels: Record<string, string>;
  /** Network keys this service joins (default: ["default"]). */
  networks: string[];
  /** Network aliases besides the service name. */
  aliases: string[];
  containerName?: string;
  user?: string;
  workingDir?: string;
  hostname?: string;
  extraHosts: string[];
  restart?: string;
  /** How long `stop` waits after the stop signal before SIGKILL (Compose's stop_grace_period; the engine's default is 10 s). */
  stopGracePeriodMs?: number;
  /** The signal that asks the container to stop (Compose's stop_signal; default: the image's, else SIGTERM). */
  stopSignal?: string;
  tty: boolean;
  stdinOpen: boolean;
  /** True when a `profiles:` entry excludes the service from the default set. */
  disabled: boolean;
}

export interface NetworkModel {
  key: string;
  name: string;
  external: boolean;
  driver?: string;
  labels: Record<string, string>;
}
export interface VolumeModel {
  key: string;
  name: string;
  external: boolean;
  driver?: string;
  labels: Record<string, string>;
  /** `driver_opts:` (e.g. local driver `type: none, o: bind, device: /data`), passed to the engine as DriverOpts. */
  driverOpts?: Record<string, string>;
}

export interface ProjectModel {
  name: string;
  /** Folder relative paths in the Compose file are resolved against. */
  workingDir: string;
  /** Absolute path of the Compose file, when there is one. */
  composeFile?: string;
  /** In dependency order (a service comes after everything it depends on). */
  services: ServiceModel[];
  networks: NetworkModel[];
  volumes: VolumeModel[];
}

// ---------------------------------------------------------------- Readiness

/** How etl-cycle decides a service is ready (Testcontainers' wait strategies, declared in config). */
export type ReadinessStrategy =
  | { type: 'auto' } // healthcheck if declared, else running + every container port accepting TCP on the container's own address
  | { type: 'healthcheck' }
  | { type: 'ports'; ports?: number[] }
  | { type: 'log'; pattern: string; times?: number }
  | { type: 'http'; port: number; path: string; status?: number }
  | { type: 'exec'; command: string[] }
  | { type: 'completed' } // one-shot service: exited with code 0
  | { type: 'none' }; // running is enough

export interface ServiceReadinessPlan {
  strategy: ReadinessStrategy;
  /** Deadline for this service to become ready, from its start. */
  timeoutMs: number;
  /** After the strategy succeeds, it must keep succeeding for this long (flapping services, "starting up"). */
  settleMs: number;
}

// ---------------------------------------------------------------- Stack operations

export interface CleanupOptions {
  /** Remove this project's named volumes too (fresh data). */
  removeVolumes: boolean;
  /** Remove containers of this project whose service is not in the model any more. */
  removeOrphans: boolean;
  /** Only the containers this execution created (LABELS.execution): what a dead run left, not an earlier run's kept stack. */
  onlyExecution?: string;
  /**
   * `orphans`: leave the services' containers, the networks and the volumes alone (a converging
   * rebuild decides about them, and drops the volumes once their containers are gone). A stack that
   * does not converge (Swarm) cleans everything. Default `all`.
   */
  scope?: 'all' | 'orphans';
  signal?: AbortSignal;
}

export interface ResourceRef {
  /** `service`, `config` and `secret` only in Swarm mode. */
  kind: 'container' | 'network' | 'volume' | 'service' | 'config' | 'secret';
  name: string;
  id: string;
  /** Why it was removed, for the report. */
  reason?: string;
}

export interface CleanupResult {
  removed: ResourceRef[];
  /** Containers of this project whose service is gone from the model, left in place (removeOrphans false). */
  orphansKept: ResourceRef[];
}

// ---------------------------------------------------------------- Convergence

/** What a rebuild does with a service: keep its container, create one, or replace the one it has. */
export type ServiceAction = 'keep' | 'create' | 'recreate';

export interface ServiceChange {
  service: string;
  action: ServiceAction;
  /** Why, in words for the report: "unchanged, running and healthy", "memory limit 16 MiB → 32 MiB". */
  reason: string;
}

export interface ConvergeOptions {
  /**
   * `all`: every service gets a fresh container (a clean slate: the first iteration, `rebuild: always`);
   * `changed`: keep a service whose definition is unchanged and whose container is running and
   * healthy, recreate the rest together with everything that depends on them.
   */
  recreate: 'all' | 'changed';
  /** Why everything is recreated, for the report (with `recreate: all`). */
  recreateReason?: string;
  /** Memory limit overrides by service (bytes), from out_of_memory adjustments: part of each definition. */
  memoryOverrides?: Record<string, number>;
  /**
   * Drop this project's named volumes (fresh data): every service mounting one is recreated,
   * without waiting out its stop grace period, as its data goes anyway.
   */
  removeVolumes?: boolean;
  /** The readiness plans of this rebuild: a service that waits for `completed` is done once it exited 0. */
  readiness?: Record<string, ServiceReadinessPlan>;
  signal?: AbortSignal;
  /** Image builds and pulls are reported here (phase `building`). */
  onEvent?: (event: StackEvent) => void;
}

/** The outcome of comparing the model (and the plan) with the engine: what `up` will do. */
export interface Convergence {
  /** Every service of the run, in start order. */
  changes: ServiceChange[];
  removeVolumes: boolean;
  /** Per service: the memory limit and the image id its new container is defined with (with the model, they make its config hash). */
  definitions: Record<string, { memLimitBytes?: number; imageId?: string }>;
  /** Per service: the containers of ours it has now (`up` removes them when the service is recreated). */
  existing: Record<string, { id: string; name: string; running: boolean }[]>;
}

export interface UpOptions {
  readiness: Record<string, ServiceReadinessPlan>;
  /** Memory limit overrides by service (bytes), from out_of_memory adjustments (the container stack reads `convergence`'s). */
  memoryOverrides?: Record<string, number>;
  /** What planConvergence decided; without it every service gets a fresh container. */
  convergence?: Convergence;
  signal?: AbortSignal;
  onEvent?: (event: StackEvent) => void;
}

export type ServicePhase = 'building' | 'kept' | 'creating' | 'starting' | 'waiting' | 'ready' | 'exited' | 'failed';

export interface StackEvent {
  service: string;
  phase: ServicePhase;
  /** Human detail: "health: starting", "port 5432 refused", "exit 0". */
  detail?: string;
  elapsedMs: number;
}

export interface ServiceStatus {
  service: string;
  containerName: string;
  containerId?: string;
  ready: boolean;
  readyAfterMs?: number;
  /** What readiness saw last ("health: unhealthy", "5432/tcp refused"). */
  detail?: string;
}

export interface UpResult {
  services: ServiceStatus[];
  /** What happened to each service (kept, created, recreated) and why. */
  changes: ServiceChange[];
  /** Containers and volumes removed on the way (replaced containers, dropped volumes). */
  removed: ResourceRef[];
}

/** What the engine reports about a service's container after an iteration: food for the classifier. */
export interface ContainerState {
  service: string;
  containerName: string;
  containerId: string;
  running: boolean;
  status: string; // engine state: created, running, exited, dead, ...
  exitCode: number | null;
  oomKilled: boolean;
  health?: 'starting' | 'healthy' | 'unhealthy' | 'none';
  /** Engine error text for a container that failed to start (e.g. port already allocated). */
  error?: string;
  restartCount: number;
  memLimitBytes?: number;
}

export interface PortHolder {
  port: number;
  containerName: string;
  containerId: string;
  ours: boolean;
  project?: string;
  service?: string;
}

export interface ExecResult {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

export interface ExecOptions {
  env?: Record<string, string>;
  workingDir?: string;
  user?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Output as it arrives (stdout and stderr demultiplexed). */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: string) => void;
}

/** What the agent and the orchestrator can do with a project's stack. */
export interface StackOperations {
  readonly project: ProjectModel;
  /** Remove this project's containers (and networks; volumes and orphans on request). Touches only labelled resources. */
  cleanup(options: CleanupOptions): Promise<CleanupResult>;
  /** Make the images available and decide, per service, whether its container is kept or replaced (and why). Throws StackUpError. */
  planConvergence(options: ConvergeOptions): Promise<Convergence>;
  /**
   * Carry out a convergence (without one: replace every container): remove what is replaced,
   * create networks, volumes and containers, start them in dependency order, wait for
   * readiness (kept services too). Throws StackUpError.
   */
  up(options: UpOptions): Promise<UpResult>;
  /** State of every service container of this project (for the classifier: exit codes, OOMKilled, health). */
  containerStates(): Promise<ContainerState[]>;
  /** The tail of a service container's logs (stdout+stderr, demultiplexed, as text). */
  logs(service: string, options?: { tailLines?: number }): Promise<string>;
  /** Containers publishing a host port (ours or not): who holds a port we need. */
  findPortHolders(port: number): Promise<PortHolder[]>;
  /** Run a command inside a running service container through the engine's exec API. */
  exec(service: string, command: string[], options?: ExecOptions): Promise<ExecResult>;
  /** Remove everything of this project: containers (orphans included), networks and, on request, volumes. */
  down(options: { removeVolumes: boolean; signal?: AbortSignal }): Promise<CleanupResult>;
}
