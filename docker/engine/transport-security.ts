/**
 * An engine on a TCP port without TLS gives root on its host to anyone who can reach the port,
 * and everything etl-cycle sends it (environment values included) travels in clear. So a plain
 * tcp:// engine is refused unless the user allows it in so many words (a CI service container on
 * a private network is the usual honest case): `--allow-plaintext-engine` or
 * ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE=1. TLS without verification is the user's explicit choice
 * (DOCKER_TLS without DOCKER_TLS_VERIFY, a context's SkipTLSVerify) and gets a warning.
 */
import { ConfigError } from '../../core/errors.js';
import type { EngineTarget } from './engine-target.js';

export const ALLOW_PLAINTEXT_VARIABLE = 'ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE';

export function plaintextAllowed(flag: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (flag) return true;
  const value = env[ALLOW_PLAINTEXT_VARIABLE]?.trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}

/** Throws for a plain-TCP engine that was not allowed; returns a warning for TLS that does not verify the engine. */
export function checkTransportSecurity(target: EngineTarget, allowPlaintext: boolean): string | undefined {
  if (target.transport !== 'tcp') return undefined;
  if (!target.tls) {
    if (allowPlaintext) return `the engine at ${target.endpoint} (${target.setting}) is reached without TLS, as allowed`;
    throw new ConfigError(
      `${target.setting}: the engine at ${target.endpoint} would be reached without TLS; set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or use an ssh:// address or a TLS context), or allow it with --allow-plaintext-engine / ${ALLOW_PLAINTEXT_VARIABLE}=1`,
    );
  }
  if (!target.tls.verify) {
    return `the engine at ${target.endpoint} (${target.setting}) is reached over TLS without checking its certificate; set DOCKER_TLS_VERIFY=1 to check it`;
  }
  return undefined;
}
