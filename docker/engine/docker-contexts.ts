/**
 * The docker CLI's own files: the config folder ($DOCKER_CONFIG, else ~/.docker), its
 * config.json (`currentContext`), and the contexts `docker context create` writes:
 *   contexts/meta/<sha256 of the name>/meta.json   {"Name", "Endpoints": {"docker": {"Host", "SkipTLSVerify"}}}
 *   contexts/tls/<sha256 of the name>/docker/      ca.pem, cert.pem, key.pem (each optional)
 * Read only, never written: the user's docker setup stays exactly as it was.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, errorMessage } from '../../core/errors.js';

/** The name the docker CLI reserves for "DOCKER_HOST or the local socket". */
export const DEFAULT_CONTEXT = 'default';
const CONTEXT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.+-]+$/;

export function dockerConfigDir(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  return env.DOCKER_CONFIG || join(homeDir, '.docker');
}

/** `currentContext` of config.json; undefined when the file or the key is absent. */
export async function readCurrentContext(configDir: string): Promise<{ name: string; configFile: string } | undefined> {
  const configFile = join(configDir, 'config.json');
  const text = await readIfPresent(configFile);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${configFile}: not valid JSON (${errorMessage(error)}); fix it or point DOCKER_CONFIG at another folder`);
  }
  const name = (parsed as { currentContext?: unknown } | null)?.currentContext;
  return typeof name === 'string' && name ? { name, configFile } : undefined;
}

export interface DockerContext {
  name: string;
  host: string;
  skipTlsVerify: boolean;
  metaFile: string;
  /** TLS files of the context that exist. */
  tls: { caFile?: string; certFile?: string; keyFile?: string };
}

/** A named context; `selected` says which setting named it, for the one-line error when it does not exist. */
export async function readContext(configDir: string, name: string, selected: string): Promise<DockerContext> {
  if (!CONTEXT_NAME.test(name)) {
    throw new ConfigError(`${selected}: "${name}" is not a context name (letters, digits, "_", ".", "+" and "-", at least 2 characters)`);
  }
  const id = createHash('sha256').update(name).digest('hex');
  const metaFile = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const text = await readIfPresent(metaFile);
  if (text === undefined) {
    throw new ConfigError(
      `${selected}: docker context "${name}" does not exist (no ${metaFile}); \`docker context ls\` lists the contexts there are`,
    );
  }
  let meta: { Name?: unknown; Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } };
  try {
    meta = JSON.parse(text) as typeof meta;
  } catch (error) {
    throw new ConfigError(`${metaFile} (docker context "${name}"): not valid JSON (${errorMessage(error)})`);
  }
  const endpoint = meta.Endpoints?.docker;
  if (typeof endpoint?.Host !== 'string' || !endpoint.Host) {
    throw new ConfigError(`${metaFile} (docker context "${name}"): no docker endpoint Host; recreate it with docker context create`);
  }
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const present = async (file: string) => ((await exists(join(tlsDir, file))) ? join(tlsDir, file) : undefined);
  const [caFile, certFile, keyFile] = await Promise.all([present('ca.pem'), present('cert.pem'), present('key.pem')]);
  return {
    name,
    host: endpoint.Host,
    skipTlsVerify: endpoint.SkipTLSVerify === true,
    metaFile,
    tls: { ...(caFile ? { caFile } : {}), ...(certFile ? { certFile } : {}), ...(keyFile ? { keyFile } : {}) },
  };
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${file}: cannot be read (${errorMessage(error)})`);
  }
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
