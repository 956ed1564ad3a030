/**
 * The EngineClient over dockerode: the only file that imports dockerode. Every call logs
 * "doing X" / "did X" / "X failed" at debug level with the resource in the log context, and
 * every failure leaves as a DockerError (engine message verbatim, HTTP status) or a
 * DockerUnavailableError (see to-engine-error.ts).
 */
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import Docker from 'dockerode';
import { DockerError, DockerUnavailableError, errorMessage } from '../../core/errors.js';
import type { LogMeta, Logger } from '../../core/logger.js';
import type {
  BuildImageSpec,
  ContainerInfo,
  ContainerSummary,
  CreateContainerSpec,
  EngineClient,
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
import { FrameDemultiplexer, demultiplexToText } from './frame-demultiplexer.js';
import { isNotFound, toEngineError } from './to-engine-error.js';

const PING_TIMEOUT_MS = 5_000;

export interface ConnectEngineOptions {
  logger: Logger;
}

/**
 * Connects to the engine DOCKER_HOST names (unix://, tcp://, ssh://, npipe://; DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH as the docker CLI reads them) or, without it, the default socket, and pings it.
 */
export async function connectEngine(options: ConnectEngineOptions): Promise<EngineClient> {
  let docker: Docker;
  try {
    docker = new Docker();
  } catch (error) {
    throw new DockerUnavailableError(
      `DOCKER_HOST=${process.env.DOCKER_HOST ?? ''} is not an engine address (${errorMessage(error)}): set it to unix:///var/run/docker.sock or tcp://<host>:<port>, or unset it`,
      { cause: error },
    );
  }
  const client = new DockerodeEngineClient(docker, await describeEndpoint(docker), options.logger);
  try {
    await client.ping(AbortSignal.timeout(PING_TIMEOUT_MS));
  } catch (error) {
    const aborted = error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
    const cause = error instanceof DockerUnavailableError && error.cause !== undefined ? error.cause : error;
    const reason = aborted ? `no answer within ${PING_TIMEOUT_MS / 1000}s` : errorMessage(cause);
    throw new DockerUnavailableError(
      `No Docker engine answers at ${client.endpoint} (${reason}): start one (\`sudo systemctl start docker\`, \`sudo dockerd &\` or Docker Desktop) or point DOCKER_HOST at a running engine`,
      { cause: error },
    );
  }
  return client;
}

async function describeEndpoint(docker: Docker): Promise<string> {
  const modem = docker.modem as {
    socketPath?: unknown;
    host?: string;
    port?: string | number;
    protocol?: string;
    getSocketPath?: () => Promise<string | undefined>;
  };
  if (modem.socketPath !== undefined && modem.getSocketPath) {
    const path = await modem.getSocketPath();
    return path?.startsWith('//./pipe/') ? `npipe://${path}` : `unix://${path ?? ''}`;
  }
  // Shown as the user wrote it (tcp://, ssh://), which is what they will look for in their settings.
  const configured = process.env.DOCKER_HOST;
  if (configured) return configured.includes('//') ? configured : `tcp://${configured}`;
  return `${modem.protocol ?? 'http'}://${modem.host ?? 'localhost'}${modem.port ? `:${modem.port}` : ''}`;
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

interface ProgressMessage {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  error?: string;
  errorDetail?: { message?: string };
}

export class DockerodeEngineClient implements EngineClient {
  constructor(
    private readonly docker: Docker,
    readonly endpoint: string,
    private readonly logger: Logger,
  ) {}

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

  async createNetwork(spec: { name: string; driver?: string; labels: Record<string, string> }): Promise<string> {
    const network = await this.call('create network', { network: spec.name }, () =>
      this.docker.createNetwork({ Name: spec.name, Driver: spec.driver ?? 'bridge', Labels: spec.labels, CheckDuplicate: true }),
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
