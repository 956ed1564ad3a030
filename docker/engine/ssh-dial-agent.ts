/**
 * ssh://[user@]host[:port] engines, reached the way the docker CLI reaches them: each connection
 * is `ssh ... <host> docker system dial-stdio`, whose stdin/stdout carry the Engine API. Using the
 * system's ssh (rather than an ssh library) keeps everything a user configured for it working:
 * ~/.ssh/config (Host aliases, ProxyJump, IdentityFile), the agent, and known_hosts checking.
 * BatchMode=yes makes a missing key fail at once instead of waiting for a password nobody types.
 *
 * Connections are kept alive between requests (one ssh process each, at most a few), and an idle
 * one does not keep etl-cycle from exiting.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Agent } from 'node:http';
import type { ClientRequestArgs } from 'node:http';
import { Duplex } from 'node:stream';

const STDERR_KEPT = 2_000;

export interface SshEndpoint {
  host: string;
  port?: number;
  user?: string;
}

export function sshArguments(endpoint: SshEndpoint): string[] {
  return [
    '-o',
    'ConnectTimeout=30',
    '-o',
    'BatchMode=yes',
    ...(endpoint.user ? ['-l', endpoint.user] : []),
    ...(endpoint.port && endpoint.port !== 22 ? ['-p', String(endpoint.port)] : []),
    '--',
    endpoint.host,
    'docker',
    'system',
    'dial-stdio',
  ];
}

type DialSocket = Duplex & {
  ref(): DialSocket;
  unref(): DialSocket;
  setKeepAlive(): DialSocket;
  setNoDelay(): DialSocket;
  setTimeout(): DialSocket;
};

/** A Duplex over one ssh process, with the few net.Socket methods http's client calls on its sockets. */
function dial(endpoint: SshEndpoint, command: string): DialSocket {
  const child: ChildProcessWithoutNullStreams = spawn(command, sshArguments(endpoint), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
  });
  const socket = Duplex.from({ readable: child.stdout, writable: child.stdin }) as DialSocket;
  const pipes = [child.stdin, child.stdout, child.stderr] as unknown as { ref(): void; unref(): void }[];
  socket.ref = () => {
    child.ref();
    pipes.forEach((pipe) => pipe.ref());
    return socket;
  };
  socket.unref = () => {
    child.unref();
    pipes.forEach((pipe) => pipe.unref());
    return socket;
  };
  socket.setKeepAlive = () => socket;
  socket.setNoDelay = () => socket;
  socket.setTimeout = () => socket;
  child.on('error', (error: NodeJS.ErrnoException) => {
    socket.destroy(
      error.code === 'ENOENT'
        ? Object.assign(new Error(`${command} is not installed (needed for ssh:// engines)`), { code: 'ENOENT' })
        : error,
    );
  });
  child.on('exit', (code) => {
    if (code !== 0 && code !== null) {
      const said = stderr.trim().split('\n').filter(Boolean).pop() ?? '';
      // Shaped like a socket error so to-engine-error.ts reports "did not answer", not an engine message.
      socket.destroy(Object.assign(new Error(`ssh exited with code ${code}${said ? `: ${said}` : ''}`), { code: 'ECONNREFUSED' }));
    }
  });
  socket.on('close', () => {
    if (child.exitCode === null) child.kill();
  });
  return socket;
}

export class SshDialAgent extends Agent {
  constructor(
    private readonly endpoint: SshEndpoint,
    private readonly command = 'ssh',
  ) {
    super({ keepAlive: true, maxSockets: 4, maxFreeSockets: 2 });
  }

  override createConnection(_options: ClientRequestArgs): Duplex {
    return dial(this.endpoint, this.command);
  }

  /** Parked between requests: it must not hold the process open. */
  override keepSocketAlive(socket: Duplex): boolean {
    (socket as DialSocket).unref();
    return true;
  }

  override reuseSocket(socket: Duplex): void {
    (socket as DialSocket).ref();
  }
}
