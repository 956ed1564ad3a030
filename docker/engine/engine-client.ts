/**
 * The engine calls the stack needs, and nothing more, as plain data. The stack, the readiness
 * strategies and the tests of both code against this interface; the one implementation over
 * dockerode lives in dockerode-client.ts (the only file that imports dockerode).
 *
 * Conventions:
 * - `inspect*` resolve to `undefined` when the engine answers 404 (the resource does not exist):
 *   ownership checks and cleanup ask "is it there?" far more often than they expect it.
 * - Every other failure rejects with a `DockerError` carrying the engine's message verbatim and
 *   its HTTP status; an engine that cannot be reached rejects with `DockerUnavailableError`.
 * - Durations are milliseconds except where the engine's own unit is named (`...Seconds`, `...Ns`).
 */

export interface EngineVersion {
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
}

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface PortBinding {
  containerPort: number;
  protocol: PortProtocol;
  /** Undefined = not published. */
  hostPort?: number;
  hostIp?: string;
}

export interface ContainerSummary {
  id: string;
  /** Without the engine's leading slash. */
  name: string;
  image: string;
  /** Engine state: created, running, exited, dead, ... */
  state: string;
  /** Human status: "Up 3 seconds", "Exited (1) 2 minutes ago". */
  status: string;
  labels: Record<string, string>;
  ports: PortBinding[];
}

export interface HealthcheckConfig {
  /** Engine form: ["CMD", ...] | ["CMD-SHELL", "..."] | ["NONE"]. */
  test: string[];
  intervalNs?: number;
  timeoutNs?: number;
  retries?: number;
  startPeriodNs?: number;
  startIntervalNs?: number;
}

export interface HealthLogEntry {
  exitCode: number;
  output: string;
  start: string;
  end: string;
}

export interface ContainerHealth {
  status: 'starting' | 'healthy' | 'unhealthy' | 'none';
  failingStreak: number;
  /** Oldest first, as the engine keeps them (the last five probes). */
  log: HealthLogEntry[];
}

export interface ContainerNetworkEndpoint {
  /** Network name as the engine knows it. */
  network: string;
  networkId: string;
  ipAddress: string;
  gateway: string;
  aliases: string[];
}

export interface ContainerInfo {
  id: string;
  name: string;
  /** The image reference the container was created from, as written ("postgres:15"). */
  image: string;
  /** The id of the image it runs ("sha256:..."): changes when the reference points at a new build. */
  imageId: string;
  labels: Record<string, string>;
  state: {
    status: string;
    running: boolean;
    /** Null while the container has never exited. */
    exitCode: number | null;
    oomKilled: boolean;
    /** Engine error for a start that failed ("driver failed programming external connectivity ..."). */
    error?: string;
    startedAt?: string;
    finishedAt?: string;
    health?: ContainerHealth;
  };
  restartCount: number;
  tty: boolean;
  /** Ports the container exposes (its image's EXPOSE plus the ones it was created with). */
  exposedPorts: { port: number; protocol: PortProtocol }[];
  /** Published ports as bound right now (empty while not running). */
  publishedPorts: PortBinding[];
  /** The effective healthcheck (the container's own, else the image's); undefined if none or NONE. */
  healthcheck?: HealthcheckConfig;
  memLimitBytes?: number;
  stopTimeoutSeconds?: number;
  networks: ContainerNetworkEndpoint[];
}

export interface MountSpec {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Volume name (volume; undefined = anonymous) or absolute host path (bind). */
  source?: string;
  target: string;
  readOnly: boolean;
}

export interface RestartPolicy {
  name: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure';
  maximumRetryCount?: number;
}

export interface CreateContainerSpec {
  name: string;
  image: string;
  cmd?: string[];
  entrypoint?: string[];
  /** `KEY=value` entries. */
  env: string[];
  labels: Record<string, string>;
  /** Every container port to expose (published or not). */
  exposedPorts: { port: number; protocol: PortProtocol }[];
  /** Published ports; a binding without `hostPort` gets an ephemeral host port. */
  portBindings: { containerPort: number; protocol: PortProtocol; hostPort?: number; hostIp?: string }[];
  mounts: MountSpec[];
  healthcheck?: HealthcheckConfig;
  memoryBytes?: number;
  /** The network the container is created on; join further ones with `connectNetwork`. */
  network?: { name: string; aliases: string[] };
  user?: string;
  workingDir?: string;
  hostname?: string;
  /** `host:ip` entries. */
  extraHosts: string[];
  restartPolicy?: RestartPolicy;
  tty: boolean;
  openStdin: boolean;
  stopTimeoutSeconds?: number;
  /** Sent by `stop` (default: the image's STOPSIGNAL, else SIGTERM). */
  stopSignal?: string;
}

export interface NetworkInfo {
  id: string;
  name: string;
  driver: string;
  labels: Record<string, string>;
  /** Ids of the containers attached (inspect only; empty in list results). */
  containerIds: string[];
}

export interface VolumeInfo {
  name: string;
  driver: string;
  labels: Record<string, string>;
}

export interface ImageInfo {
  id: string;
  tags: string[];
  exposedPorts: { port: number; protocol: PortProtocol }[];
  healthcheck?: HealthcheckConfig;
}

export interface BuildImageSpec {
  /** Absolute path of the build context. */
  context: string;
  /** Dockerfile path relative to the context. */
  dockerfile: string;
  tag: string;
  args: Record<string, string>;
  target?: string;
  labels?: Record<string, string>;
}

export interface ExecSpec {
  cmd: string[];
  env?: string[];
  workingDir?: string;
  user?: string;
}

export interface ExecInfo {
  running: boolean;
  exitCode: number | null;
  /** The exec'd process's pid as the engine's host sees it (0 when unknown). */
  pid: number;
}

export type OutputStream = 'stdout' | 'stderr';

export interface ListFilter {
  /** `key` or `key=value`; a resource must carry all of them. */
  labels?: string[];
}

export interface EngineClient {
  /** Where the engine answers ("unix:///var/run/docker.sock", "tcp://host:2375"), for messages. */
  readonly endpoint: string;

  /** Rejects when the engine does not answer (or `signal` aborts first). */
  ping(signal?: AbortSignal): Promise<void>;
  version(): Promise<EngineVersion>;

  listContainers(filter?: ListFilter & { all?: boolean; publishedPort?: number }): Promise<ContainerSummary[]>;
  inspectContainer(idOrName: string): Promise<ContainerInfo | undefined>;
  /** Resolves to the new container's id. */
  createContainer(spec: CreateContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /**
   * SIGTERM (or the image's stop signal), SIGKILL after `timeoutSeconds` (default: the container's
   * own stop timeout, else the engine's 10 s). A stopped or missing container is fine.
   */
  stopContainer(id: string, options?: { timeoutSeconds?: number }): Promise<void>;
  /** A container that is already gone is fine. */
  removeContainer(id: string, options: { force: boolean; removeVolumes: boolean }): Promise<void>;
  /** Stdout and stderr interleaved in arrival order, demultiplexed (TTY containers have one stream). */
  containerLogs(id: string, options: { tty: boolean; tailLines?: number }): Promise<string>;
  /** Resolves with the exit code once the container is not running. */
  waitContainer(id: string, options?: { signal?: AbortSignal }): Promise<number>;
  connectNetwork(network: string, containerId: string, options: { aliases: string[] }): Promise<void>;

  /** Resolves to the exec instance's id. */
  createExec(containerId: string, spec: ExecSpec): Promise<string>;
  /**
   * Runs the exec instance and resolves when its output ends (the process exited or the engine
   * closed the stream). Aborting `signal` stops reading and rejects with the signal's reason;
   * it cannot stop the process itself (the Engine API has no call for that).
   */
  startExec(execId: string, options: { onOutput: (stream: OutputStream, chunk: Buffer) => void; signal?: AbortSignal }): Promise<void>;
  inspectExec(execId: string): Promise<ExecInfo>;

  listNetworks(filter?: ListFilter): Promise<NetworkInfo[]>;
  inspectNetwork(idOrName: string): Promise<NetworkInfo | undefined>;
  /** `attachable`: an overlay network that plain containers may join too (readiness helpers on a swarm). */
  createNetwork(spec: { name: string; driver?: string; labels: Record<string, string>; attachable?: boolean }): Promise<string>;
  /** A network that is already gone is fine. */
  removeNetwork(idOrName: string): Promise<void>;

  listVolumes(filter?: ListFilter): Promise<VolumeInfo[]>;
  inspectVolume(name: string): Promise<VolumeInfo | undefined>;
  createVolume(spec: {
    name: string;
    driver?: string;
    driverOpts?: Record<string, string>;
    labels: Record<string, string>;
  }): Promise<VolumeInfo>;
  /** A volume that is already gone is fine. */
  removeVolume(name: string): Promise<void>;

  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  /**
   * Builds and tags an image; `onOutput` receives the builder's output line by line. A failed
   * build rejects with a DockerError whose message is the builder's error text verbatim.
   */
  buildImage(spec: BuildImageSpec, options?: { onOutput?: (line: string) => void; signal?: AbortSignal }): Promise<void>;
  /** Pulls an image; a failure rejects with the engine's message verbatim. */
  pullImage(ref: string, options?: { onProgress?: (line: string) => void; signal?: AbortSignal }): Promise<void>;
}
