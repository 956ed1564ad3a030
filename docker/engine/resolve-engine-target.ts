/**
 * Which engine to talk to, decided the way the docker CLI decides it, first match wins:
 *   1. `--engine <address|context>` (an address has "://"; anything else names a context);
 *   2. DOCKER_HOST;
 *   3. DOCKER_CONTEXT;
 *   4. `currentContext` in $DOCKER_CONFIG/config.json (default ~/.docker);
 *   5. the local socket (unix:///var/run/docker.sock, or the named pipe on Windows).
 * The context "default" means step 5, as it does for the CLI. TLS for an address from --engine or
 * DOCKER_HOST comes from DOCKER_TLS_VERIFY / DOCKER_TLS and DOCKER_CERT_PATH (default: the config
 * folder), as for the CLI; a context brings its own TLS files and SkipTLSVerify.
 *
 * Only files are read: nothing here connects. Every failure is one ConfigError line naming the
 * setting and what to do.
 */
import { join } from 'node:path';
import { ConfigError } from '../../core/errors.js';
import { DEFAULT_CONTEXT, dockerConfigDir, exists, readContext, readCurrentContext } from './docker-contexts.js';
import type { EngineOrigin, EngineTarget, TlsSettings } from './engine-target.js';
import { DEFAULT_NAMED_PIPE, DEFAULT_UNIX_SOCKET, parseDockerHost } from './parse-docker-host.js';

export type EngineEnvironment = Readonly<Record<string, string | undefined>>;

export interface EngineRequest {
  /** `--engine`: an engine address (unix://, tcp://, ssh://) or a docker context name. */
  flag?: string;
  env: EngineEnvironment;
  homeDir: string;
  /** Defaults to this machine's; tests pin it. */
  platform?: NodeJS.Platform;
}

/** Set and not an explicit "off": the docker CLI counts any non-empty value, we also spare "0" and "false" that surprise. */
function isOn(value: string | undefined): boolean {
  return !!value && !['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

export async function resolveEngineTarget(request: EngineRequest): Promise<EngineTarget> {
  const { env } = request;
  const configDir = dockerConfigDir(env, request.homeDir);
  const flag = request.flag?.trim();

  if (flag !== undefined && flag !== '') {
    if (flag.includes('://')) return await fromAddress(flag, '--engine', { kind: 'flag' }, env, configDir);
    return await fromContext(flag, 'flag', '--engine', configDir, request);
  }
  if (flag === '') throw new ConfigError('--engine is empty: give an engine address (tcp://host:2376, ssh://user@host) or a context name');
  if (env.DOCKER_HOST?.trim()) return await fromAddress(env.DOCKER_HOST, 'DOCKER_HOST', { kind: 'docker-host' }, env, configDir);
  if (env.DOCKER_CONTEXT?.trim())
    return await fromContext(env.DOCKER_CONTEXT.trim(), 'DOCKER_CONTEXT', 'DOCKER_CONTEXT', configDir, request);
  const current = await readCurrentContext(configDir);
  if (current)
    return await fromContext(current.name, 'config', `currentContext in ${current.configFile}`, configDir, request, current.configFile);
  return localSocket(request, { kind: 'default' }, 'DOCKER_HOST');
}

function localSocket(request: EngineRequest, origin: EngineOrigin, setting: string): EngineTarget {
  const windows = (request.platform ?? process.platform) === 'win32';
  const socketPath = windows ? DEFAULT_NAMED_PIPE : DEFAULT_UNIX_SOCKET;
  return { endpoint: `${windows ? 'npipe' : 'unix'}://${socketPath}`, transport: windows ? 'npipe' : 'unix', socketPath, origin, setting };
}

async function fromAddress(
  value: string,
  setting: string,
  origin: EngineOrigin,
  env: EngineEnvironment,
  configDir: string,
): Promise<EngineTarget> {
  const verify = isOn(env.DOCKER_TLS_VERIFY);
  const wantsTls = verify || isOn(env.DOCKER_TLS);
  const address = parseDockerHost(value, setting, { tls: wantsTls });
  let tls: TlsSettings | undefined;
  if (address.transport === 'tcp' && wantsTls) {
    const certDir = env.DOCKER_CERT_PATH?.trim() || configDir;
    const origin = env.DOCKER_CERT_PATH?.trim()
      ? `DOCKER_CERT_PATH=${certDir}`
      : `the TLS files in ${certDir} (DOCKER_CERT_PATH is not set)`;
    tls = { verify, origin, ...(await presentFiles(certDir)) };
    if (verify && !tls.caFile && env.DOCKER_CERT_PATH?.trim()) {
      throw new ConfigError(
        `DOCKER_TLS_VERIFY is set but ${join(certDir, 'ca.pem')} does not exist: put the engine's CA there or fix DOCKER_CERT_PATH`,
      );
    }
  }
  return { ...address, ...(tls ? { tls } : {}), origin, setting };
}

async function fromContext(
  name: string,
  selectedBy: 'flag' | 'DOCKER_CONTEXT' | 'config',
  setting: string,
  configDir: string,
  request: EngineRequest,
  configFile?: string,
): Promise<EngineTarget> {
  if (name === DEFAULT_CONTEXT) return localSocket(request, { kind: 'default' }, setting);
  const context = await readContext(configDir, name, setting);
  const contextSetting = `docker context "${name}" (${setting})`;
  const hasTlsFiles = Object.keys(context.tls).length > 0;
  const address = parseDockerHost(context.host, `${contextSetting} Host`, { tls: hasTlsFiles || context.skipTlsVerify });
  const origin: EngineOrigin = { kind: 'context', name, selectedBy, metaFile: context.metaFile, ...(configFile ? { configFile } : {}) };
  const tls: TlsSettings | undefined =
    address.transport === 'tcp' && (hasTlsFiles || context.skipTlsVerify)
      ? { verify: !context.skipTlsVerify, origin: `docker context "${name}"`, ...context.tls }
      : undefined;
  return { ...address, ...(tls ? { tls } : {}), origin, setting: contextSetting };
}

async function presentFiles(dir: string): Promise<Pick<TlsSettings, 'caFile' | 'certFile' | 'keyFile'>> {
  const pick = async (name: string) => ((await exists(join(dir, name))) ? join(dir, name) : undefined);
  const [caFile, certFile, keyFile] = await Promise.all([pick('ca.pem'), pick('cert.pem'), pick('key.pem')]);
  return { ...(caFile ? { caFile } : {}), ...(certFile ? { certFile } : {}), ...(keyFile ? { keyFile } : {}) };
}
