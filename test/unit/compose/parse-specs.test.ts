import { describe, expect, it } from 'vitest';
import { normalizeProjectName, isValidProjectName } from '../../../docker/compose/normalize-project-name.js';
import { PortSpecError, parseExposeSpec, parsePortSpec } from '../../../docker/compose/parse-port-spec.js';

describe('parsePortSpec', () => {
  it('reads HOST:CONTAINER, IP:HOST:CONTAINER and protocols', () => {
    expect(parsePortSpec('8080:80')).toEqual([{ containerPort: 80, protocol: 'tcp', published: true, hostPort: 8080 }]);
    expect(parsePortSpec('127.0.0.1:8080:80/udp')).toEqual([
      { containerPort: 80, protocol: 'udp', published: true, hostPort: 8080, hostIp: '127.0.0.1' },
    ]);
    expect(parsePortSpec('53:53/UDP')[0]!.protocol).toBe('udp');
  });

  it('publishes a container port alone on an ephemeral host port', () => {
    expect(parsePortSpec('80')).toEqual([{ containerPort: 80, protocol: 'tcp', published: true }]);
    expect(parsePortSpec('127.0.0.1::5432')).toEqual([{ containerPort: 5432, protocol: 'tcp', published: true, hostIp: '127.0.0.1' }]);
  });

  it('expands ranges pairwise', () => {
    expect(parsePortSpec('8000-8001:9000-9001')).toEqual([
      { containerPort: 9000, protocol: 'tcp', published: true, hostPort: 8000 },
      { containerPort: 9001, protocol: 'tcp', published: true, hostPort: 8001 },
    ]);
    expect(parsePortSpec('5000-5002').map((p) => p.containerPort)).toEqual([5000, 5001, 5002]);
  });

  it('reads IPv6 host addresses, bracketed or not', () => {
    expect(parsePortSpec('[::1]:8080:80')).toEqual([
      { containerPort: 80, protocol: 'tcp', published: true, hostPort: 8080, hostIp: '::1' },
    ]);
    expect(parsePortSpec('::1:8080:80')[0]!.hostIp).toBe('::1');
  });

  it('rejects what is not a port mapping, saying why', () => {
    expect(() => parsePortSpec('80:abc')).toThrow(PortSpecError);
    expect(() => parsePortSpec('80:abc')).toThrow('container port "abc" is not a port number');
    expect(() => parsePortSpec('70000:80')).toThrow('host port 70000 is out of range (1-65535)');
    expect(() => parsePortSpec('0')).toThrow('out of range');
    expect(() => parsePortSpec('80/sctp')).toThrow('protocol "sctp" is not supported; use tcp or udp');
    expect(() => parsePortSpec('localhost:80:80')).toThrow('"localhost" is not an IP address');
    expect(() => parsePortSpec('8000-8002:80')).toThrow('a host port range for a single container port is not supported');
    expect(() => parsePortSpec('8000-8002:80-81')).toThrow('the host range has 3 ports and the container range 2');
    expect(() => parsePortSpec('9001-9000')).toThrow('ends before it starts');
    expect(() => parsePortSpec('[::1:80:80')).toThrow('[IPv6]');
  });

  it('reads expose entries as unpublished container ports', () => {
    expect(parseExposeSpec('3000')).toEqual([{ containerPort: 3000, protocol: 'tcp', published: false }]);
    expect(parseExposeSpec('3000-3001/udp')).toEqual([
      { containerPort: 3000, protocol: 'udp', published: false },
      { containerPort: 3001, protocol: 'udp', published: false },
    ]);
    expect(() => parseExposeSpec('80:80')).toThrow(PortSpecError);
  });
});

describe('normalizeProjectName', () => {
  it('applies Compose rules: lowercase, only [a-z0-9_-], starting with a letter or digit', () => {
    expect(normalizeProjectName('My ETL Stack!')).toBe('myetlstack');
    expect(normalizeProjectName('_-sales.pipeline_v2')).toBe('salespipeline_v2');
    expect(normalizeProjectName('Übung')).toBe('bung');
    expect(normalizeProjectName('...')).toBe('');
  });

  it('validates names as written', () => {
    expect(isValidProjectName('etl_stack-2')).toBe(true);
    expect(isValidProjectName('2fast')).toBe(true);
    expect(isValidProjectName('Etl')).toBe(false);
    expect(isValidProjectName('-etl')).toBe(false);
    expect(isValidProjectName('etl.stack')).toBe(false);
    expect(isValidProjectName('')).toBe(false);
  });
});
