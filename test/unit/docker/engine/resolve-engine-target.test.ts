/** Which engine: the docker CLI's order, over real temp config folders (contexts as `docker context create` writes them). */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/errors.js';
import { describeOrigin } from '../../../../docker/engine/engine-target.js';
import { resolveEngineTarget } from '../../../../docker/engine/resolve-engine-target.js';

let home: string;
let configDir: string;

function writeContext(name: string, host: string, options: { skipTlsVerify?: boolean; tlsFiles?: string[] } = {}): string {
  const id = createHash('sha256').update(name).digest('hex');
  const meta = join(configDir, 'contexts', 'meta', id);
  mkdirSync(meta, { recursive: true });
  writeFileSync(
    join(meta, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: options.skipTlsVerify ?? false } } }),
  );
  if (options.tlsFiles?.length) {
    const tls = join(configDir, 'contexts', 'tls', id, 'docker');
    mkdirSync(tls, { recursive: true });
    for (const file of options.tlsFiles) writeFileSync(join(tls, file), 'pem');
  }
  return join(meta, 'meta.json');
}

function setCurrentContext(name: string): void {
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: {}, currentContext: name }));
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'etl-cycle-engine-home-'));
  configDir = join(home, '.docker');
  mkdirSync(configDir, { recursive: true });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const resolve = (env: Record<string, string>, flag?: string) => resolveEngineTarget({ env, homeDir: home, flag, platform: 'linux' });

describe('resolveEngineTarget: the order', () => {
  beforeEach(() => {
    writeContext('staging', 'tcp://staging.example:2376', { tlsFiles: ['ca.pem', 'cert.pem', 'key.pem'] });
    writeContext('builder', 'ssh://deploy@builder.example');
    setCurrentContext('staging');
  });

  it('--engine with an address wins over everything', async () => {
    const target = await resolve({ DOCKER_HOST: 'unix:///other.sock', DOCKER_CONTEXT: 'builder' }, 'unix:///run/flag.sock');
    expect(target).toMatchObject({ endpoint: 'unix:///run/flag.sock', origin: { kind: 'flag' }, setting: '--engine' });
  });

  it('--engine with a name selects that context', async () => {
    const target = await resolve({ DOCKER_HOST: 'unix:///other.sock' }, 'builder');
    expect(target).toMatchObject({ transport: 'ssh', endpoint: 'ssh://deploy@builder.example', user: 'deploy' });
    expect(describeOrigin(target.origin)).toBe('docker context "builder" (--engine)');
  });

  it('DOCKER_HOST comes before DOCKER_CONTEXT and the current context', async () => {
    const target = await resolve({ DOCKER_HOST: 'unix:///run/env.sock', DOCKER_CONTEXT: 'builder' });
    expect(target).toMatchObject({ endpoint: 'unix:///run/env.sock', origin: { kind: 'docker-host' }, setting: 'DOCKER_HOST' });
  });

  it('DOCKER_CONTEXT comes before the current context', async () => {
    expect(await resolve({ DOCKER_CONTEXT: 'builder' })).toMatchObject({ endpoint: 'ssh://deploy@builder.example' });
  });

  it('then currentContext of config.json, with the context TLS files', async () => {
    const target = await resolve({});
    expect(target).toMatchObject({ transport: 'tcp', endpoint: 'tcp://staging.example:2376', tls: { verify: true } });
    expect(target.tls?.caFile).toMatch(/contexts\/tls\/[0-9a-f]{64}\/docker\/ca\.pem$/);
    expect(describeOrigin(target.origin)).toBe(`docker context "staging" (currentContext in ${join(configDir, 'config.json')})`);
  });

  it('DOCKER_CONFIG moves the config folder', async () => {
    const elsewhere = join(home, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(join(elsewhere, 'config.json'), JSON.stringify({ currentContext: 'default' }));
    expect(await resolve({ DOCKER_CONFIG: elsewhere })).toMatchObject({
      endpoint: 'unix:///var/run/docker.sock',
      origin: { kind: 'default' },
    });
  });

  it('the context "default" and nothing at all mean the local socket', async () => {
    expect(await resolve({ DOCKER_CONTEXT: 'default' })).toMatchObject({ endpoint: 'unix:///var/run/docker.sock' });
    rmSync(join(configDir, 'config.json'));
    expect(await resolve({})).toMatchObject({ endpoint: 'unix:///var/run/docker.sock', transport: 'unix', origin: { kind: 'default' } });
    expect(await resolveEngineTarget({ env: {}, homeDir: home, platform: 'win32' })).toMatchObject({
      endpoint: 'npipe:////./pipe/docker_engine',
    });
  });
});

describe('resolveEngineTarget: TLS', () => {
  it('DOCKER_TLS_VERIFY with DOCKER_CERT_PATH: verified, files from that folder, port 2376 by default', async () => {
    const certs = join(home, 'certs');
    mkdirSync(certs);
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(certs, file), 'pem');
    const target = await resolve({ DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs });
    expect(target).toMatchObject({
      endpoint: 'tcp://10.0.0.5:2376',
      tls: { verify: true, caFile: join(certs, 'ca.pem'), certFile: join(certs, 'cert.pem'), keyFile: join(certs, 'key.pem') },
    });
    expect(target.tls?.origin).toBe(`DOCKER_CERT_PATH=${certs}`);
  });

  it('without DOCKER_CERT_PATH the files come from the config folder', async () => {
    writeFileSync(join(configDir, 'ca.pem'), 'pem');
    const target = await resolve({ DOCKER_HOST: 'tcp://10.0.0.5:2376', DOCKER_TLS_VERIFY: '1' });
    expect(target.tls).toMatchObject({ verify: true, caFile: join(configDir, 'ca.pem') });
    expect(target.tls?.certFile).toBeUndefined();
  });

  it('DOCKER_TLS alone: encrypted, not verified; "0" turns DOCKER_TLS_VERIFY off', async () => {
    expect((await resolve({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS: '1' })).tls).toMatchObject({ verify: false });
    expect((await resolve({ DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS_VERIFY: '0' })).tls).toBeUndefined();
  });

  it('no TLS variable: plain TCP (refused later unless allowed); TLS settings never apply to sockets or ssh', async () => {
    expect((await resolve({ DOCKER_HOST: 'tcp://h:2375' })).tls).toBeUndefined();
    expect((await resolve({ DOCKER_HOST: 'ssh://h', DOCKER_TLS_VERIFY: '1' })).tls).toBeUndefined();
    expect((await resolve({ DOCKER_HOST: 'unix:///x.sock', DOCKER_TLS_VERIFY: '1' })).tls).toBeUndefined();
  });

  it('a context with SkipTLSVerify and no files: TLS without verification; one without either: plain', async () => {
    writeContext('insecure', 'tcp://h:2376', { skipTlsVerify: true });
    writeContext('plain', 'tcp://h:2375');
    expect((await resolve({ DOCKER_CONTEXT: 'insecure' })).tls).toMatchObject({ verify: false, origin: 'docker context "insecure"' });
    expect((await resolve({ DOCKER_CONTEXT: 'plain' })).tls).toBeUndefined();
  });
});

describe('resolveEngineTarget: bad input, one line naming the setting', () => {
  const failure = async (env: Record<string, string>, flag?: string): Promise<string> => {
    const error = await resolve(env, flag).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  };

  it('a context that does not exist', async () => {
    expect(await failure({ DOCKER_CONTEXT: 'nope' })).toMatch(
      /^DOCKER_CONTEXT: docker context "nope" does not exist \(no .*meta\.json\); `docker context ls`/,
    );
    expect(await failure({}, 'nope')).toMatch(/^--engine: docker context "nope" does not exist/);
    setCurrentContext('gone');
    expect(await failure({})).toMatch(/^currentContext in .*config\.json: docker context "gone" does not exist/);
  });

  it('a context name that cannot be one, an empty --engine', async () => {
    expect(await failure({ DOCKER_CONTEXT: 'a b' })).toContain('"a b" is not a context name');
    expect(await failure({}, '')).toMatch(/^--engine is empty/);
  });

  it('a broken config.json or meta.json, a context without a docker endpoint', async () => {
    writeFileSync(join(configDir, 'config.json'), '{ not json');
    expect(await failure({})).toMatch(/config\.json: not valid JSON/);
    rmSync(join(configDir, 'config.json'));
    const meta = writeContext('odd', 'tcp://h:2376');
    writeFileSync(meta, JSON.stringify({ Name: 'odd', Endpoints: {} }));
    expect(await failure({ DOCKER_CONTEXT: 'odd' })).toContain('no docker endpoint Host');
  });

  it('DOCKER_TLS_VERIFY with a DOCKER_CERT_PATH that has no ca.pem', async () => {
    expect(await failure({ DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(home, 'missing') })).toMatch(
      /^DOCKER_TLS_VERIFY is set but .*missing\/ca\.pem does not exist/,
    );
  });

  it('a bad address in a context names the context', async () => {
    writeContext('weird', 'gopher://h');
    expect(await failure({ DOCKER_CONTEXT: 'weird' })).toMatch(
      /^docker context "weird" \(DOCKER_CONTEXT\) Host=gopher:\/\/h: unknown scheme/,
    );
  });
});
