import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/errors.js';
import { parseDockerHost } from '../../../../docker/engine/parse-docker-host.js';

describe('parseDockerHost', () => {
  it.each([
    [
      'unix:///var/run/docker.sock',
      false,
      { transport: 'unix', endpoint: 'unix:///var/run/docker.sock', socketPath: '/var/run/docker.sock' },
    ],
    ['unix://', false, { transport: 'unix', socketPath: '/var/run/docker.sock' }],
    ['tcp://10.0.0.5:2376', true, { transport: 'tcp', endpoint: 'tcp://10.0.0.5:2376', host: '10.0.0.5', port: 2376 }],
    ['tcp://build-host', true, { endpoint: 'tcp://build-host:2376', port: 2376 }],
    ['tcp://build-host', false, { endpoint: 'tcp://build-host:2375', port: 2375 }],
    ['build-host:2380', false, { transport: 'tcp', endpoint: 'tcp://build-host:2380' }],
    ['tcp://:2375', false, { host: '127.0.0.1', endpoint: 'tcp://127.0.0.1:2375' }],
    ['tcp://[::1]:2376', true, { host: '::1', endpoint: 'tcp://[::1]:2376' }],
    [
      'ssh://deploy@build-host',
      false,
      { transport: 'ssh', endpoint: 'ssh://deploy@build-host', host: 'build-host', port: 22, user: 'deploy' },
    ],
    ['ssh://build-host:2222', false, { transport: 'ssh', endpoint: 'ssh://build-host:2222', port: 2222 }],
    ['npipe:////./pipe/docker_engine', false, { transport: 'npipe', socketPath: '//./pipe/docker_engine' }],
  ] as const)('%s (tls %s)', (value, tls, expected) => {
    expect(parseDockerHost(value, 'DOCKER_HOST', { tls })).toMatchObject(expected);
  });

  it.each([
    ['', 'is empty'],
    ['unix://relative.sock', 'must be absolute'],
    ['https://host:2376', 'write tcp:// instead of https://'],
    ['fd://', 'for the daemon only'],
    ['gopher://host', 'unknown scheme gopher://'],
    ['tcp://host:99999', 'not a valid address'],
    ['tcp://host:2376/prefix', 'a path (/prefix) after the host is not supported'],
    ['tcp://me@host:2376', 'only meaningful with ssh://'],
    ['ssh://me:secret@host', 'a password in the address is not supported'],
  ])('refuses %j naming the setting', (value, why) => {
    const run = () => parseDockerHost(value, 'DOCKER_HOST', { tls: false });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(`DOCKER_HOST=${value}: `);
    expect(run).toThrow(why);
  });
});
