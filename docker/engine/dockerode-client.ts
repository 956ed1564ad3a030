/**
 * The EngineClient and its Swarm calls (swarm-client.ts) over dockerode: the only file that
 * imports dockerode. It connects to the target resolve-engine-target.ts chose (unix socket, named
 * pipe, tcp with or without TLS, ssh through ssh-dial-agent.ts). Every call logs "doing X" /
 * "did X" / "X failed" at debug level with the resource in the log context, and every failure
 * leaves as a DockerError (engine message verbatim, HTTP status) or a DockerUnavailableError
 * (see to-engine-error.ts; the first call's failure is worded by connect-failure.ts).
 */
import { readdir } from 'node:fs/promises';
import type { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { homedir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import { DockerError, errorMessage } from '../../core/errors.js';
import type { LogMeta, Logger } from '../../core/logger.js';
import type {
  BuildImageSpec,
  ContainerInfo,
  ContainerSummary,
  CreateContainerSpec,
  EngineVersion,
  ExecInfo,
  ExecSpec,
  HealthcheckConfig,
  ImageInfo,
  ListFilter,
  NetworkInfo,
  OutputStream,
  PortBinding,
  PortProtocol,
  VolumeInfo,
} from './engine-client.js';
import { connectFailure } from './connect-failure.js';
import type { EngineTarget } from './engine-target.js';
import { FrameDemultiplexer, demultiplexToText } from './frame-demultiplexer.js';
import { resolveEngineTarget } from './resolve-engine-target.js';
import { SshDialAgent } from './ssh-dial-agent.js';
import type { ServiceInfo, ServiceSpec, SwarmEngineClient, SwarmObject, SwarmStatus, TaskInfo, UpdatePolicy } from './swarm-client.js';
import { loadTlsMaterial } from './tls-material.js';
import type { TlsMaterial } from './tls-material.js';
import { isNotFound, toEngineError } from './to-engine-error.js';

const PING_TIMEOUT_MS = 5_000;

export interface ConnectEngineOptions {
  logger: Logger;
  /** Which engine (see resolve-engine-target.ts); default: the one this process's environment names, as for the docker CLI. */
  target?: EngineTarget;
}

/** The engine's client, with the Swarm calls (the same connection) and the target it was made for. */
export type ConnectedEngine = SwarmEngineClient & { readonly target: EngineTarget };

/**
 * Connects to the engine `target` names (unix, npipe, tcp with or without TLS, ssh) and pings it.
 * Bad TLS files and an engine that does not answer fail here, before anything is created, with
 * one line naming the setting (connect-failure.ts).
 */
export async function connectEngine(options: ConnectEngineOptions): Promise<ConnectedEngine> {
  const target = options.target ?? (await resolveEngineTarget({ env: process.env, homeDir: homedir() }));
  const tls = target.tls ? await loadTlsMaterial(target.tls) : undefined;
  const docker = withoutDockerEnvironment(() => new Docker(dockerOptions(target, tls)));
  const client = new DockerodeEngineClient(docker, target, options.logger);
  try {
    await client.ping(AbortSignal.timeout(PING_TIMEOUT_MS));
  } catch (error) {
    throw connectFailure(error, target, PING_TIMEOUT_MS);
  }
  return client;
}

/** docker-modem takes an http(s) agent too; its types do not say so. */
type ModemOptions = Docker.DockerOptions & { agent?: HttpAgent };

function dockerOptions(target: EngineTarget, tls: TlsMaterial | undefined): ModemOptions {
  switch (target.transport) {
    case 'unix':
    case 'npipe':
      return { socketPath: target.socketPath };
    case 'ssh':
      // Plain HTTP over the stdio of `ssh <host> docker system dial-stdio`; the host name only fills the Host header.
      return {
        protocol: 'http',
        host: target.host,
        port: target.port,
        agent: new SshDialAgent({ host: target.host ?? '', port: target.port, user: target.user }),
      };
    case 'tcp':
      if (!tls) return { protocol: 'http', host: target.host, port: target.port };
      return {
        protocol: 'https',
        host: target.host,
        port: target.port,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
        // The agent carries rejectUnauthorized (docker-modem has no option for it) and keeps connections open.
        agent: new HttpsAgent({ keepAlive: true, ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized }),
      };
  }
}

/**
 * docker-modem reads DOCKER_HOST, DOCKER_CERT_PATH (synchronously reading the files) and friends
 * whatever it is given. The target already decided all of that, so the modem is built without
 * them, and the environment is put back at once.
 */
const MODEM_VARIABLES = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_PATH_PREFIX', 'DOCKER_CLIENT_TIMEOUT'];
function withoutDockerEnvironment<T>(make: () => T): T {
  const saved = MODEM_VARIABLES.map((name) => [name, process.env[name]] as const);
  for (const [name] of saved) delete process.env[name];
  try {
    return make();
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

function parsePortKey(key: string): { port: number; protocol: PortProtocol } {
  const [port = '', protocol = 'tcp'] = key.split('/');
  return { port: Number(port), protocol: protocol as PortProtocol };
}

function toHealthcheck(config: Docker.HealthConfig | undefined): HealthcheckConfig | undefined {
  const test = config?.Test;
  if (!config || !test || test.length === 0 || test[0] === 'NONE') return undefined;
  return {
    test,
    intervalNs: config.Interval || undefined,
    timeoutNs: config.Timeout || undefined,
    retries: config.Retries || undefined,
    startPeriodNs: config.StartPeriod || undefined,
    startIntervalNs: config.StartInterval || undefined,
  };
}

function fromHealthcheck(config: HealthcheckConfig): Docker.HealthConfig {
  return {
    Test: config.test,
    Interval: config.intervalNs,
    Timeout: config.timeoutNs,
    Retries: config.retries,
    StartPeriod: config.startPeriodNs,
    // Engines before API 1.44 reject nothing here but ignore it; newer ones use it.
    ...(config.startIntervalNs === undefined ? {} : { StartInterval: config.startIntervalNs }),
  };
}

function labelFilters(filter: ListFilter | undefined): { filters?: string } {
  return filter?.labels?.length ? { filters: JSON.stringify({ label: filter.labels }) } : {};
}

function toContainerInfo(raw: Docker.ContainerInspectInfo): ContainerInfo {
  const health = raw.State.Health;
  const config = raw.Config as Docker.ContainerInspectInfo['Config'] & { StopTimeout?: number };
  const publishedPorts: PortBinding[] = [];
  for (const [key, bindings] of Object.entries(raw.NetworkSettings.Ports ?? {})) {
    const { port, protocol } = parsePortKey(key);
    for (const binding of bindings ?? []) {
      publishedPorts.push({ containerPort: port, protocol, hostPort: Number(binding.HostPort), hostIp: binding.HostIp });
    }
  }
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: config.Image,
    imageId: raw.Image,
    labels: config.Labels ?? {},
    state: {
      status: raw.State.Status,
      running: raw.State.Running,
      // The engine reports 0 for a container that never ran; that is not an exit.
      exitCode: raw.State.Running || raw.State.Status === 'created' ? null : raw.State.ExitCode,
      oomKilled: raw.State.OOMKilled,
      error: raw.State.Error || undefined,
      startedAt: raw.State.StartedAt,
      finishedAt: raw.State.FinishedAt,
      health: health
        ? {
            status: health.Status as 'starting' | 'healthy' | 'unhealthy' | 'none',
            failingStreak: health.FailingStreak,
            log: (health.Log ?? []).map((entry) => ({
              exitCode: entry.ExitCode,
              output: entry.Output,
              start: entry.Start,
              end: entry.End,
            })),
          }
        : undefined,
    },
    restartCount: raw.RestartCount,
    tty: config.Tty,
    exposedPorts: Object.keys(config.ExposedPorts ?? {}).map(parsePortKey),
    publishedPorts,
    healthcheck: toHealthcheck(config.Healthcheck),
    memLimitBytes: raw.HostConfig.Memory || undefined,
    stopTimeoutSeconds: config.StopTimeout,
    networks: Object.entries(raw.NetworkSettings.Networks ?? {}).map(([network, endpoint]) => ({
      network,
      networkId: endpoint.NetworkID,
      ipAddress: endpoint.IPAddress,
      gateway: endpoint.Gateway,
      aliases: (endpoint.Aliases as string[] | null) ?? [],
    })),
  };
}

function toContainerCreateOptions(spec: CreateContainerSpec): Docker.ContainerCreateOptions {
  const portBindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const binding of spec.portBindings) {
    const key = `${binding.containerPort}/${binding.protocol}`;
    (portBindings[key] ??= []).push({
      HostIp: binding.hostIp ?? '',
      HostPort: binding.hostPort === undefined ? '' : String(binding.hostPort),
    });
  }
  // Bind mounts go through Binds, like Compose's short syntax: the engine creates a missing host folder.
  const binds = spec.mounts.filter((m) => m.type === 'bind').map((m) => `${m.source ?? ''}:${m.target}${m.readOnly ? ':ro' : ''}`);
  // An empty Source makes an anonymous volume (removed with its container when `v` is set).
  const mounts: Docker.MountSettings[] = spec.mounts
    .filter((m) => m.type !== 'bind')
    .map((m) => ({
      Type: m.type,
      Target: m.target,
      ReadOnly: m.readOnly,
      Source: m.type === 'volume' ? (m.source ?? '') : '',
    }));
  return {
    name: spec.name,
    Image: spec.image,
    Cmd: spec.cmd,
    // An explicitly empty entrypoint clears the image's; the engine wants [""] for that.
    Entrypoint: spec.entrypoint && spec.entrypoint.length === 0 ? [''] : spec.entrypoint,
    Env: spec.env,
    Labels: spec.labels,
    ExposedPorts: Object.fromEntries(spec.exposedPorts.map((p) => [`${p.port}/${p.protocol}`, {}])),
    Healthcheck: spec.healthcheck ? fromHealthcheck(spec.healthcheck) : undefined,
    User: spec.user,
    WorkingDir: spec.workingDir,
    Hostname: spec.hostname,
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    AttachStdin: false,
    AttachStdout: false,
    AttachStderr: false,
    StopTimeout: spec.stopTimeoutSeconds,
    StopSignal: spec.stopSignal,
    HostConfig: {
      PortBindings: portBindings,
      Binds: binds,
      Mounts: mounts,
      Memory: spec.memoryBytes,
      ExtraHosts: spec.extraHosts,
      RestartPolicy: spec.restartPolicy
        ? { Name: spec.restartPolicy.name, MaximumRetryCount: spec.restartPolicy.maximumRetryCount ?? 0 }
        : undefined,
      NetworkMode: spec.network?.name,
    },
    NetworkingConfig: spec.network ? { EndpointsConfig: { [spec.network.name]: { Aliases: spec.network.aliases } } } : undefined,
  };
}

/** Every file of a build context, relative with forward slashes, for dockerode to filter with .dockerignore. */
async function listContextFiles(context: string): Promise<string[]> {
  const entries = await readdir(context, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const folders = new Set<string>();
  const nonEmpty = new Set<string>();
  for (const entry of entries) {
    const path = relative(context, join(entry.parentPath, entry.name)).split(sep).join('/');
    nonEmpty.add(relative(context, entry.parentPath).split(sep).join('/'));
    if (entry.isDirectory()) folders.add(path);
    else files.push(path);
  }
  // Listing a folder would make tar-fs pack it whole (bypassing .dockerignore), so only empty ones are listed.
  for (const folder of folders) if (!nonEmpty.has(folder)) files.push(folder);
  return files.sort();
}

function nsOrUndefined(value: number | undefined): number | undefined {
  return value === undefined ? undefined : Math.round(value);
}

function toUpdateConfig(policy: UpdatePolicy | undefined): Docker.UpdateConfig | undefined {
  if (!policy) return undefined;
  return {
    // The engine's own defaults for what the Compose file leaves out (docker service create's).
    Parallelism: policy.parallelism ?? 1,
    Delay: nsOrUndefined(policy.delayNs),
    FailureAction: policy.failureAction,
    Monitor: nsOrUndefined(policy.monitorNs),
    MaxFailureRatio: policy.maxFailureRatio,
    Order: policy.order ?? 'stop-first',
  };
}

function toServiceCreateOptions(spec: ServiceSpec): Docker.CreateServiceOptions {
  const mounts = spec.mounts.map((m): Docker.MountSettings => ({
    Type: m.type,
    Target: m.target,
    Source: m.source ?? '',
    ReadOnly: m.readOnly,
    ...(m.type === 'volume' && m.volumeLabels
      ? {
          VolumeOptions: {
            NoCopy: false,
            Labels: m.volumeLabels,
            DriverConfig: { Name: m.volumeDriver ?? 'local', Options: m.volumeDriverOptions ?? {} },
          },
        }
      : {}),
  }));
  return {
    Name: spec.name,
    Labels: spec.labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image,
        Labels: spec.containerLabels,
        Command: spec.command,
        Args: spec.args,
        Env: spec.env,
        User: spec.user,
        Dir: spec.workingDir,
        Hostname: spec.hostname,
        TTY: spec.tty,
        OpenStdin: spec.openStdin,
        Hosts: spec.hosts.length ? spec.hosts : undefined,
        HealthCheck: spec.healthcheck ? fromHealthcheck(spec.healthcheck) : undefined,
        StopGracePeriod: nsOrUndefined(spec.stopGracePeriodNs),
        Mounts: mounts,
      },
      Resources: {
        Limits: { NanoCPUs: spec.limits.nanoCpus, MemoryBytes: spec.limits.memoryBytes, Pids: spec.limits.pids },
        Reservations: { NanoCPUs: spec.reservations.nanoCpus, MemoryBytes: spec.reservations.memoryBytes },
      },
      RestartPolicy: spec.restartPolicy && {
        Condition: spec.restartPolicy.condition,
        Delay: nsOrUndefined(spec.restartPolicy.delayNs),
        MaxAttempts: spec.restartPolicy.maxAttempts,
        Window: nsOrUndefined(spec.restartPolicy.windowNs),
      },
      Placement: spec.placement && {
        Constraints: spec.placement.constraints,
        Preferences: spec.placement.preferences.map((descriptor) => ({ Spread: { SpreadDescriptor: descriptor } })),
        MaxReplicas: spec.placement.maxReplicas,
      },
      Networks: spec.networks.map((n) => ({ Target: n.target, Aliases: n.aliases })),
    },
    Mode: spec.mode.kind === 'global' ? { Global: {} } : { Replicated: { Replicas: spec.mode.replicas } },
    UpdateConfig: toUpdateConfig(spec.updateConfig),
    RollbackConfig: toUpdateConfig(spec.rollbackConfig),
    EndpointSpec: {
      Mode: spec.endpointMode,
      Ports: spec.ports.map((p) => ({
        Protocol: p.protocol,
        TargetPort: p.targetPort,
        PublishedPort: p.publishedPort,
        PublishMode: p.publishMode,
      })),
    },
  };
}

interface RawTask {
  ID: string;
  ServiceID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  Status?: {
    Timestamp?: string;
    State?: string;
    Message?: string;
    Err?: string;
    ContainerStatus?: { ContainerID?: string; ExitCode?: number };
  };
  NetworksAttachments?: { Network?: { Spec?: { Name?: string } }; Addresses?: string[] }[];
}

const TASK_ENDED = new Set(['complete', 'failed', 'shutdown', 'rejected', 'orphaned', 'remove']);

function toTaskInfo(raw: RawTask): TaskInfo {
  const status = raw.Status ?? {};
  const state = status.State ?? 'new';
  return {
    id: raw.ID,
    serviceId: raw.ServiceID,
    ...(raw.Slot ? { slot: raw.Slot } : {}),
    nodeId: raw.NodeID ?? '',
    desiredState: raw.DesiredState,
    state,
    message: status.Message ?? '',
    ...(status.Err ? { error: status.Err } : {}),
    ...(status.ContainerStatus?.ContainerID ? { containerId: status.ContainerStatus.ContainerID } : {}),
    exitCode: TASK_ENDED.has(state) && status.ContainerStatus?.ContainerID ? (status.ContainerStatus.ExitCode ?? 0) : null,
    timestamp: status.Timestamp ?? '',
    addresses: (raw.NetworksAttachments ?? []).flatMap((attachment) =>
      (attachment.Addresses ?? []).map((address) => ({
        network: attachment.Network?.Spec?.Name ?? '',
        address: address.split('/')[0] ?? address,
      })),
    ),
  };
}

function toServiceInfo(raw: Docker.Service): ServiceInfo {
  const spec = raw.Spec ?? {};
  const template = spec.TaskTemplate as Docker.ContainerTaskSpec | undefined;
  const replicas = spec.Mode?.Replicated ? (spec.Mode.Replicated.Replicas ?? 1) : undefined;
  return {
    id: raw.ID,
    name: spec.Name ?? raw.ID,
    labels: spec.Labels ?? {},
    ...(replicas === undefined ? {} : { replicas }),
    image: template?.ContainerSpec?.Image ?? '',
    ...(template?.Resources?.Limits?.MemoryBytes ? { memoryLimitBytes: template.Resources.Limits.MemoryBytes } : {}),
    publishedPorts: (raw.Endpoint?.Ports ?? [])
      .filter((p) => p.PublishedPort)
      .map((p) => ({
        targetPort: p.TargetPort ?? 0,
        publishedPort: p.PublishedPort ?? 0,
        protocol: (p.Protocol ?? 'tcp') as PortProtocol,
      })),
  };
}

interface ProgressMessage {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export class DockerodeEngineClient implements SwarmEngineClient {
  readonly endpoint: string;

  constructor(
    private readonly docker: Docker,
    readonly target: EngineTarget,
    private readonly logger: Logger,
  ) {
    this.endpoint = target.endpoint;
  }

  /** Logs "doing X", then "did X" or the failure, and turns the failure into one of ours. */
  private async call<T>(operation: string, context: LogMeta, run: () => Promise<T>): Promise<T> {
    this.logger.debug(`doing ${operation}`, context);
    try {
      const result = await run();
      this.logger.debug(`did ${operation}`, context);
      return result;
    } catch (error) {
      const mapped = error instanceof Error && error.name === 'AbortError' ? error : toEngineError(operation, error, this.endpoint);
      this.logger.debug(`${operation} failed: ${errorMessage(mapped)}`, {
        ...context,
        ...(mapped instanceof DockerError ? { statusCode: mapped.statusCode } : {}),
      });
      throw mapped;
    }
  }

  /** Like `call`, but a 404 answer resolves to undefined. */
  private async callOrMissing<T>(operation: string, context: LogMeta, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.call(operation, context, run);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Like `call`, but the given statuses ("already gone", "already stopped") count as success. */
  private async callTolerating(operation: string, context: LogMeta, statuses: number[], run: () => Promise<unknown>): Promise<void> {
    try {
      await this.call(operation, context, run);
    } catch (error) {
      if (error instanceof DockerError && error.statusCode !== undefined && statuses.includes(error.statusCode)) return;
      throw error;
    }
  }

  async ping(signal?: AbortSignal): Promise<void> {
    await this.call('ping', { endpoint: this.endpoint }, () =>
      (this.docker.ping as (opts: object) => Promise<unknown>)({ abortSignal: signal }),
    );
  }

  async version(): Promise<EngineVersion> {
    const raw = await this.call('version', { endpoint: this.endpoint }, () => this.docker.version());
    return { version: raw.Version, apiVersion: raw.ApiVersion, os: raw.Os, arch: raw.Arch };
  }

  async listContainers(filter?: ListFilter & { all?: boolean }): Promise<ContainerSummary[]> {
    const raw = await this.call('list containers', { labels: filter?.labels }, () =>
      this.docker.listContainers({ all: filter?.all ?? true, ...labelFilters(filter) }),
    );
    return raw.map((c) => ({
      id: c.Id,
      name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
      image: c.Image,
      state: c.State,
      status: c.Status,
      labels: c.Labels ?? {},
      ports: (c.Ports ?? []).map((p) => ({
        containerPort: p.PrivatePort,
        protocol: p.Type as PortProtocol,
        hostPort: p.PublicPort || undefined,
        hostIp: p.IP || undefined,
      })),
    }));
  }

  async inspectContainer(idOrName: string): Promise<ContainerInfo | undefined> {
    const raw = await this.callOrMissing('inspect container', { container: idOrName }, () => this.docker.getContainer(idOrName).inspect());
    return raw && toContainerInfo(raw);
  }

  async createContainer(spec: CreateContainerSpec): Promise<string> {
    const container = await this.call('create container', { container: spec.name, image: spec.image }, () =>
      this.docker.createContainer(toContainerCreateOptions(spec)),
    );
    return container.id;
  }

  async startContainer(id: string): Promise<void> {
    // 304 = already running: starting is what was asked for, and it is so.
    await this.callTolerating('start container', { container: id }, [304], () => this.docker.getContainer(id).start());
  }

  async stopContainer(id: string, options: { timeoutSeconds?: number } = {}): Promise<void> {
    await this.callTolerating('stop container', { container: id, timeoutSeconds: options.timeoutSeconds }, [304, 404], () =>
      this.docker.getContainer(id).stop(options.timeoutSeconds === undefined ? {} : { t: options.timeoutSeconds }),
    );
  }

  async removeContainer(id: string, options: { force: boolean; removeVolumes: boolean }): Promise<void> {
    await this.callTolerating('remove container', { container: id }, [404], () =>
      this.docker.getContainer(id).remove({ force: options.force, v: options.removeVolumes }),
    );
  }

  async containerLogs(id: string, options: { tty: boolean; tailLines?: number }): Promise<string> {
    const raw = await this.call('read container logs', { container: id, tail: options.tailLines }, () =>
      this.docker.getContainer(id).logs({
        stdout: true,
        stderr: true,
        follow: false,
        tail: options.tailLines ?? 'all',
      } as Docker.ContainerLogsOptions & {
        follow: false;
      }),
    );
    const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
    return options.tty ? buffer.toString('utf8') : demultiplexToText(buffer);
  }

  async waitContainer(id: string, options: { signal?: AbortSignal } = {}): Promise<number> {
    try {
      const result = await this.call(
        'wait for container',
        { container: id },
        () =>
          this.docker.getContainer(id).wait({ condition: 'not-running', abortSignal: options.signal }) as Promise<{ StatusCode: number }>,
      );
      return result.StatusCode;
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason;
      throw error;
    }
  }

  async connectNetwork(network: string, containerId: string, options: { aliases: string[] }): Promise<void> {
    await this.call('connect container to network', { container: containerId, network }, () =>
      this.docker.getNetwork(network).connect({ Container: containerId, EndpointConfig: { Aliases: options.aliases } }),
    );
  }

  async createExec(containerId: string, spec: ExecSpec): Promise<string> {
    const exec = await this.call('create exec', { container: containerId, command: spec.cmd }, () =>
      this.docker.getContainer(containerId).exec({
        Cmd: spec.cmd,
        Env: spec.env,
        WorkingDir: spec.workingDir,
        User: spec.user,
        AttachStdin: false,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      }),
    );
    return exec.id;
  }

  async startExec(
    execId: string,
    options: { onOutput: (stream: OutputStream, chunk: Buffer) => void; signal?: AbortSignal },
  ): Promise<void> {
    const { signal } = options;
    signal?.throwIfAborted();
    const stream = await this.call(
      'start exec',
      { exec: execId },
      () => this.docker.getExec(execId).start({ hijack: true, stdin: false }) as Promise<Duplex>,
    );
    const demux = new FrameDemultiplexer(options.onOutput);
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (error?: unknown) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) {
          demux.end();
          resolve();
        } else reject(error);
      };
      const onAbort = () => {
        stream.destroy();
        finish(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      stream.on('data', (chunk: Buffer) => demux.push(chunk));
      stream.on('end', () => finish());
      stream.on('close', () => finish());
      stream.on('error', (error) => finish(toEngineError('read exec output', error, this.endpoint)));
    });
    this.logger.debug('exec output ended', { exec: execId });
  }

  async inspectExec(execId: string): Promise<ExecInfo> {
    const raw = await this.call('inspect exec', { exec: execId }, () => this.docker.getExec(execId).inspect());
    return { running: raw.Running, exitCode: raw.ExitCode, pid: raw.Pid ?? 0 };
  }

  async listNetworks(filter?: ListFilter): Promise<NetworkInfo[]> {
    const raw = await this.call('list networks', { labels: filter?.labels }, () => this.docker.listNetworks(labelFilters(filter)));
    return raw.map((n) => ({
      id: n.Id,
      name: n.Name,
      driver: n.Driver,
      labels: n.Labels ?? {},
      containerIds: Object.keys(n.Containers ?? {}),
    }));
  }

  async inspectNetwork(idOrName: string): Promise<NetworkInfo | undefined> {
    const raw = await this.callOrMissing(
      'inspect network',
      { network: idOrName },
      () => this.docker.getNetwork(idOrName).inspect() as Promise<Docker.NetworkInspectInfo>,
    );
    return (
      raw && { id: raw.Id, name: raw.Name, driver: raw.Driver, labels: raw.Labels ?? {}, containerIds: Object.keys(raw.Containers ?? {}) }
    );
  }

  async createNetwork(spec: { name: string; driver?: string; labels: Record<string, string>; attachable?: boolean }): Promise<string> {
    const network = await this.call('create network', { network: spec.name }, () =>
      this.docker.createNetwork({
        Name: spec.name,
        Driver: spec.driver ?? 'bridge',
        Labels: spec.labels,
        CheckDuplicate: true,
        ...(spec.attachable ? { Attachable: true } : {}),
      }),
    );
    return network.id;
  }

  async removeNetwork(idOrName: string): Promise<void> {
    await this.callTolerating('remove network', { network: idOrName }, [404], () => this.docker.getNetwork(idOrName).remove());
  }

  async listVolumes(filter?: ListFilter): Promise<VolumeInfo[]> {
    const raw = await this.call('list volumes', { labels: filter?.labels }, () => this.docker.listVolumes(labelFilters(filter)));
    return (raw.Volumes ?? []).map((v) => ({ name: v.Name, driver: v.Driver, labels: v.Labels ?? {} }));
  }

  async inspectVolume(name: string): Promise<VolumeInfo | undefined> {
    const raw = await this.callOrMissing('inspect volume', { volume: name }, () => this.docker.getVolume(name).inspect());
    return raw && { name: raw.Name, driver: raw.Driver, labels: raw.Labels ?? {} };
  }

  async createVolume(spec: {
    name: string;
    driver?: string;
    driverOpts?: Record<string, string>;
    labels: Record<string, string>;
  }): Promise<VolumeInfo> {
    await this.call('create volume', { volume: spec.name }, () =>
      this.docker.createVolume({ Name: spec.name, Driver: spec.driver ?? 'local', DriverOpts: spec.driverOpts ?? {}, Labels: spec.labels }),
    );
    return { name: spec.name, driver: spec.driver ?? 'local', labels: spec.labels };
  }

  async removeVolume(name: string): Promise<void> {
    await this.callTolerating('remove volume', { volume: name }, [404], () => this.docker.getVolume(name).remove());
  }

  async inspectImage(ref: string): Promise<ImageInfo | undefined> {
    const raw = await this.callOrMissing('inspect image', { image: ref }, () => this.docker.getImage(ref).inspect());
    if (!raw) return undefined;
    const config = raw.Config as Docker.ImageInspectInfo['Config'] & { Healthcheck?: Docker.HealthConfig };
    return {
      id: raw.Id,
      tags: raw.RepoTags ?? [],
      exposedPorts: Object.keys(config.ExposedPorts ?? {}).map(parsePortKey),
      healthcheck: toHealthcheck(config.Healthcheck),
    };
  }

  async buildImage(spec: BuildImageSpec, options: { onOutput?: (line: string) => void; signal?: AbortSignal } = {}): Promise<void> {
    const context = { image: spec.tag, context: spec.context, dockerfile: spec.dockerfile };
    await this.call('build image', context, async () => {
      const src = await listContextFiles(spec.context);
      const stream = await this.docker.buildImage({ context: spec.context, src }, {
        t: spec.tag,
        dockerfile: spec.dockerfile,
        buildargs: spec.args,
        target: spec.target,
        labels: spec.labels,
        abortSignal: options.signal,
      } as Docker.ImageBuildOptions);
      await this.followProgress('build image', stream, (message) => {
        const text = message.stream ?? message.status;
        if (text) for (const line of text.split('\n')) if (line.trim()) options.onOutput?.(line.trimEnd());
      });
    });
  }

  async pullImage(ref: string, options: { onProgress?: (line: string) => void; signal?: AbortSignal } = {}): Promise<void> {
    await this.call('pull image', { image: ref }, async () => {
      const stream = await this.docker.pull(ref, { abortSignal: options.signal });
      await this.followProgress('pull image', stream, (message) => {
        if (message.status) options.onProgress?.([message.id, message.status, message.progress].filter(Boolean).join(' '));
      });
    });
  }

  async swarmStatus(): Promise<SwarmStatus> {
    const raw = (await this.call('read engine info', { endpoint: this.endpoint }, () => this.docker.info())) as {
      Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean; NodeID?: string; Nodes?: number };
    };
    const swarm = raw.Swarm ?? {};
    return {
      localNodeState: swarm.LocalNodeState || 'inactive',
      controlAvailable: swarm.ControlAvailable === true,
      nodeId: swarm.NodeID ?? '',
      ...(swarm.Nodes ? { nodes: swarm.Nodes } : {}),
    };
  }

  async createService(spec: ServiceSpec): Promise<string> {
    const service = await this.call('create service', { service: spec.name, image: spec.image }, () =>
      this.docker.createService(toServiceCreateOptions(spec)),
    );
    return service.id ?? (service as unknown as { ID: string }).ID;
  }

  async inspectService(idOrName: string): Promise<ServiceInfo | undefined> {
    const raw = await this.callOrMissing('inspect service', { service: idOrName }, () => this.docker.getService(idOrName).inspect());
    return raw && toServiceInfo(raw as Docker.Service);
  }

  async listServices(filter?: ListFilter): Promise<ServiceInfo[]> {
    const raw = await this.call('list services', { labels: filter?.labels }, () =>
      this.docker.listServices(filter?.labels?.length ? { filters: { label: filter.labels } } : {}),
    );
    return raw.map(toServiceInfo);
  }

  async removeService(idOrName: string): Promise<void> {
    await this.callTolerating('remove service', { service: idOrName }, [404], () => this.docker.getService(idOrName).remove());
  }

  async listTasks(filter: { serviceId?: string; labels?: string[] }): Promise<TaskInfo[]> {
    const filters: Record<string, string[]> = {};
    if (filter.serviceId) filters.service = [filter.serviceId];
    if (filter.labels?.length) filters.label = filter.labels;
    const raw = (await this.call('list tasks', { service: filter.serviceId }, () => this.docker.listTasks({ filters }))) as RawTask[];
    return raw.map(toTaskInfo);
  }

  async serviceLogs(idOrName: string, options: { tty: boolean; tailLines?: number }): Promise<string> {
    const raw = await this.call('read service logs', { service: idOrName, tail: options.tailLines }, () =>
      this.docker.getService(idOrName).logs({
        stdout: true,
        stderr: true,
        follow: false,
        tail: options.tailLines ?? 'all',
      } as Docker.ContainerLogsOptions & { follow: false }),
    );
    const buffer = Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw));
    return options.tty ? buffer.toString('utf8') : demultiplexToText(buffer);
  }

  async listConfigs(filter?: ListFilter): Promise<SwarmObject[]> {
    const raw = await this.call('list configs', { labels: filter?.labels }, () => this.docker.listConfigs(labelFilters(filter)));
    return raw.map((c) => ({ id: c.ID, name: c.Spec?.Name ?? c.ID, labels: c.Spec?.Labels ?? {} }));
  }

  async removeConfig(id: string): Promise<void> {
    await this.callTolerating('remove config', { config: id }, [404], () => this.docker.getConfig(id).remove());
  }

  async listSecrets(filter?: ListFilter): Promise<SwarmObject[]> {
    const raw = (await this.call('list secrets', { labels: filter?.labels }, () => this.docker.listSecrets(labelFilters(filter)))) as {
      ID: string;
      Spec?: { Name?: string; Labels?: Record<string, string> };
    }[];
    return raw.map((c) => ({ id: c.ID, name: c.Spec?.Name ?? c.ID, labels: c.Spec?.Labels ?? {} }));
  }

  async removeSecret(id: string): Promise<void> {
    await this.callTolerating('remove secret', { secret: id }, [404], () => this.docker.getSecret(id).remove());
  }

  /** Reads a JSON-lines progress stream (build, pull); an `error` entry rejects with its text verbatim. */
  private followProgress(operation: string, stream: NodeJS.ReadableStream, onMessage: (message: ProgressMessage) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      let failure: string | undefined;
      this.docker.modem.followProgress(
        stream,
        (error: unknown) => {
          if (error) reject(error);
          else if (failure !== undefined) reject(new DockerError(operation, failure));
          else resolve();
        },
        (message: ProgressMessage) => {
          if (message.error !== undefined || message.errorDetail !== undefined) {
            failure ??= (message.errorDetail?.message ?? message.error ?? '').trim();
            return;
          }
          onMessage(message);
        },
      );
    });
  }
}
