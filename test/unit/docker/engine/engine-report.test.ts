import { describe, expect, it } from 'vitest';
import { engineReport, formatEngineReport } from '../../../../docker/engine/engine-report.js';
import { probeRouteName, resolveProbeMode } from '../../../../docker/readiness/probe-route.js';

describe('the engine in the report and in doctor', () => {
  it('says what, how chosen, how secured, where, and what etl-cycle does on it', () => {
    const report = engineReport(
      {
        endpoint: 'tcp://10.0.0.5:2376',
        transport: 'tcp',
        host: '10.0.0.5',
        port: 2376,
        tls: { verify: true, origin: 'docker context "staging"' },
        origin: { kind: 'context', name: 'staging', selectedBy: 'DOCKER_CONTEXT', metaFile: '/m' },
        setting: 'docker context "staging" (DOCKER_CONTEXT)',
      },
      {
        location: 'remote',
        version: { version: '24.0.7', apiVersion: '1.43' },
        swarm: { localNodeState: 'active', controlAvailable: true },
        mode: 'swarm',
        readinessProbe: 'engine',
      },
    );
    expect(report).toEqual({
      endpoint: 'tcp://10.0.0.5:2376',
      resolved_from: 'docker context "staging" (DOCKER_CONTEXT)',
      context: 'staging',
      transport: 'tcp',
      tls: 'verified',
      location: 'remote',
      server_version: '24.0.7',
      api_version: '1.43',
      swarm: 'active manager',
      mode: 'swarm',
      readiness_probe: 'engine',
    });
    expect(formatEngineReport(report)).toBe(
      'tcp://10.0.0.5:2376 (TLS verified, remote) from docker context "staging" (DOCKER_CONTEXT); Docker 24.0.7, API 1.43; swarm: active manager; Swarm services, readiness from the engine\'s network',
    );
    const local = engineReport(
      {
        endpoint: 'unix:///var/run/docker.sock',
        transport: 'unix',
        socketPath: '/var/run/docker.sock',
        origin: { kind: 'default' },
        setting: 'DOCKER_HOST',
      },
      { location: 'local' },
    );
    expect(formatEngineReport(local)).toBe(
      'unix:///var/run/docker.sock (local) from the default socket (no --engine, DOCKER_HOST, DOCKER_CONTEXT or current context)',
    );
  });

  it('readiness.probe: auto follows the engine, host and engine force a route', () => {
    expect(resolveProbeMode('auto', 'local')).toBe('from-host');
    expect(resolveProbeMode('auto', 'remote')).toBe('from-engine');
    expect(resolveProbeMode('host', 'remote')).toBe('from-host');
    expect(resolveProbeMode('engine', 'local')).toBe('from-engine');
    expect(probeRouteName('from-engine')).toBe('engine');
    expect(probeRouteName('from-host')).toBe('host');
  });
});
