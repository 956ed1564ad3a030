import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/errors.js';
import { engineLocation } from '../../../../docker/engine/engine-location.js';
import type { EngineTarget } from '../../../../docker/engine/engine-target.js';
import { checkTransportSecurity, plaintextAllowed } from '../../../../docker/engine/transport-security.js';
import { sshArguments } from '../../../../docker/engine/ssh-dial-agent.js';

const here = { addresses: new Set(['127.0.0.1', '192.0.2.2', '::1']), names: new Set(['ci-runner-7', 'localhost']) };

describe('engineLocation', () => {
  it.each([
    [{ transport: 'unix' }, 'local'],
    [{ transport: 'npipe' }, 'local'],
    [{ transport: 'tcp', host: '127.0.0.1' }, 'local'],
    [{ transport: 'tcp', host: '127.1.2.3' }, 'local'],
    [{ transport: 'tcp', host: '::1' }, 'local'],
    [{ transport: 'tcp', host: 'localhost' }, 'local'],
    [{ transport: 'tcp', host: '192.0.2.2' }, 'local'],
    [{ transport: 'ssh', host: 'CI-RUNNER-7' }, 'local'],
    [{ transport: 'tcp', host: '10.0.0.5' }, 'remote'],
    [{ transport: 'ssh', host: 'build-host.example' }, 'remote'],
  ] as const)('%j is %s', (target, expected) => {
    expect(engineLocation(target, here)).toBe(expected);
  });
});

const tcp = (tls?: EngineTarget['tls']): EngineTarget => ({
  endpoint: 'tcp://10.0.0.5:2375',
  transport: 'tcp',
  host: '10.0.0.5',
  port: 2375,
  origin: { kind: 'docker-host' },
  setting: 'DOCKER_HOST',
  ...(tls ? { tls } : {}),
});

describe('checkTransportSecurity', () => {
  it('refuses plain TCP unless allowed, naming the setting and both ways out', () => {
    expect(() => checkTransportSecurity(tcp(), false)).toThrow(ConfigError);
    expect(() => checkTransportSecurity(tcp(), false)).toThrow(
      /^DOCKER_HOST: the engine at tcp:\/\/10\.0\.0\.5:2375 would be reached without TLS; set DOCKER_TLS_VERIFY=1 .* --allow-plaintext-engine \/ ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE=1$/,
    );
    expect(checkTransportSecurity(tcp(), true)).toContain('without TLS, as allowed');
  });

  it('warns about TLS that does not verify, says nothing for verified TLS, sockets and ssh', () => {
    expect(checkTransportSecurity(tcp({ verify: false, origin: 'x' }), false)).toContain('without checking its certificate');
    expect(checkTransportSecurity(tcp({ verify: true, origin: 'x' }), false)).toBeUndefined();
    expect(checkTransportSecurity({ ...tcp(), transport: 'ssh' }, false)).toBeUndefined();
  });

  it('is allowed by the flag or the variable, not by any value of it', () => {
    expect(plaintextAllowed(true, {})).toBe(true);
    expect(plaintextAllowed(false, { ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE: '1' })).toBe(true);
    expect(plaintextAllowed(undefined, { ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE: '0' })).toBe(false);
    expect(plaintextAllowed(undefined, {})).toBe(false);
  });
});

describe('sshArguments', () => {
  it('is the docker CLI connection helper command, non-interactive', () => {
    expect(sshArguments({ host: 'build-host', user: 'deploy', port: 2222 })).toEqual([
      '-o',
      'ConnectTimeout=30',
      '-o',
      'BatchMode=yes',
      '-l',
      'deploy',
      '-p',
      '2222',
      '--',
      'build-host',
      'docker',
      'system',
      'dial-stdio',
    ]);
    expect(sshArguments({ host: 'h', port: 22 })).toEqual([
      '-o',
      'ConnectTimeout=30',
      '-o',
      'BatchMode=yes',
      '--',
      'h',
      'docker',
      'system',
      'dial-stdio',
    ]);
  });
});
