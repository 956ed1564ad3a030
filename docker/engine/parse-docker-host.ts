/**
 * An engine address as the docker CLI accepts it in -H / DOCKER_HOST / a context's Host:
 * unix:///path, npipe:////./pipe/name, tcp://host[:port], ssh://[user@]host[:port], and a bare
 * host:port meaning tcp. A tcp address without a port gets the engine's conventional one: 2376
 * with TLS, 2375 without. Anything else is refused with one line naming the setting.
 */
import { ConfigError } from '../../core/errors.js';
import type { EngineTransport } from './engine-target.js';

export const DEFAULT_UNIX_SOCKET = '/var/run/docker.sock';
export const DEFAULT_NAMED_PIPE = '//./pipe/docker_engine';
const TLS_PORT = 2376;
const PLAIN_PORT = 2375;
const SSH_PORT = 22;

export interface ParsedEngineAddress {
  transport: EngineTransport;
  endpoint: string;
  socketPath?: string;
  host?: string;
  port?: number;
  user?: string;
}

export function parseDockerHost(value: string, setting: string, options: { tls: boolean }): ParsedEngineAddress {
  const raw = value.trim();
  const fail = (why: string): never => {
    throw new ConfigError(`${setting}=${raw}: ${why}; expected unix:///var/run/docker.sock, tcp://<host>:<port> or ssh://<user>@<host>`);
  };
  if (!raw) fail('is empty');
  const separator = raw.indexOf('://');
  const scheme = separator < 0 ? 'tcp' : raw.slice(0, separator).toLowerCase();
  const rest = separator < 0 ? raw : raw.slice(separator + 3);

  switch (scheme) {
    case 'unix': {
      const socketPath = rest || DEFAULT_UNIX_SOCKET;
      if (!socketPath.startsWith('/')) fail('a unix socket path must be absolute');
      return { transport: 'unix', endpoint: `unix://${socketPath}`, socketPath };
    }
    case 'npipe': {
      const socketPath = rest || DEFAULT_NAMED_PIPE;
      return { transport: 'npipe', endpoint: `npipe://${socketPath}`, socketPath };
    }
    case 'tcp':
    case 'ssh':
      break;
    case 'http':
    case 'https':
      return fail(`write tcp:// instead of ${scheme}:// (TLS is set with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH)`);
    case 'fd':
      return fail('fd:// is for the daemon only');
    default:
      return fail(`unknown scheme ${scheme}://`);
  }

  let url: URL;
  try {
    // "tcp://:2375" means this machine, as for the docker CLI; URL wants a host.
    url = new URL(`${scheme}://${scheme === 'tcp' && rest.startsWith(':') ? `127.0.0.1${rest}` : rest}`);
  } catch {
    return fail('is not a valid address');
  }
  if (url.pathname && url.pathname !== '/') fail(`a path (${url.pathname}) after the host is not supported`);
  if (url.search || url.hash) fail('query strings are not supported');
  if (url.password) fail('a password in the address is not supported (use an ssh key or agent)');
  // URL keeps IPv6 hosts in brackets; connections want them bare.
  const host = url.hostname.replace(/^\[|\]$/g, '') || (scheme === 'tcp' ? '127.0.0.1' : '');
  if (!host) fail('names no host');
  const defaultPort = scheme === 'ssh' ? SSH_PORT : options.tls ? TLS_PORT : PLAIN_PORT;
  const port = url.port ? Number(url.port) : defaultPort;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  if (scheme === 'ssh') {
    const user = url.username ? decodeURIComponent(url.username) : undefined;
    const endpoint = `ssh://${user ? `${user}@` : ''}${shownHost}${port === SSH_PORT ? '' : `:${port}`}`;
    return { transport: 'ssh', endpoint, host, port, ...(user ? { user } : {}) };
  }
  if (url.username) fail('a user name is only meaningful with ssh://');
  return { transport: 'tcp', endpoint: `tcp://${shownHost}:${port}`, host, port };
}
