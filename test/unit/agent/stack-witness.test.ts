import { describe, expect, it } from 'vitest';
import { stackChanges } from '../../../agent/stack-witness.js';
import type { BuiltContainer } from '../../../agent/stack-witness.js';
import { decideNext } from '../../../agent/planner.js';
import type { ContainerState } from '../../../docker/types.js';
import { facts, input, match } from './planner-fixtures.js';

const built = (service: string, extra: Partial<BuiltContainer> = {}): BuiltContainer => ({
  service,
  containerId: `${service}-id-0000000000`,
  containerName: `p-${service}-1`,
  oneShot: false,
  restart: 'no',
  ...extra,
});
const state = (service: string, extra: Partial<ContainerState> = {}): ContainerState => ({
  service,
  containerName: `p-${service}-1`,
  containerId: `${service}-id-0000000000`,
  running: true,
  status: 'running',
  exitCode: null,
  oomKilled: false,
  restartCount: 0,
  ...extra,
});

describe('stackChanges', () => {
  it('the same containers, running: no change', () => {
    expect(stackChanges([built('db'), built('api')], [state('db'), state('api')], 'p')).toEqual([]);
  });

  it('a container gone is removed; one with another id for the service is replaced', () => {
    const changes = stackChanges([built('db'), built('api')], [state('api', { containerId: 'other-id-1234567' })], 'p');
    expect(changes.map((c) => [c.kind, c.service])).toEqual([
      ['removed', 'db'],
      ['replaced', 'api'],
    ]);
    expect(changes[0]!.detail).toMatch(/container p-db-1 \(service db, db-id-000000\) was removed while the orchestrator ran/);
    expect(changes[1]!.replacedBy).toBe('other-id-1234567');
  });

  it('a stopped container is a change unless Compose lets it stop', () => {
    const exited = (exitCode: number) => ({ running: false, status: 'exited', exitCode });
    expect(stackChanges([built('db')], [state('db', exited(137))], 'p')).toMatchObject([{ kind: 'exited', exitCode: 137 }]);
    // A one-shot job that finished well, and restart policies that bring a container back.
    expect(stackChanges([built('seed', { oneShot: true })], [state('seed', exited(0))], 'p')).toEqual([]);
    expect(stackChanges([built('seed', { oneShot: true })], [state('seed', exited(1))], 'p')).toHaveLength(1);
    expect(stackChanges([built('db', { restart: 'always' })], [state('db', exited(1))], 'p')).toEqual([]);
    expect(
      stackChanges([built('db', { restart: 'on-failure:3' })], [state('db', { running: false, status: 'restarting', exitCode: 1 })], 'p'),
    ).toEqual([]);
    expect(stackChanges([built('db', { restart: 'on-failure' })], [state('db', exited(0))], 'p')).toHaveLength(1);
  });
});

describe('planner: a stack changed under the run', () => {
  it('stops with a diagnosis naming the container, whatever the output was classified as', () => {
    const [change] = stackChanges([built('db')], [], 'p');
    const d = decideNext(input(facts('connection_refused', match('connection_refused', { service: 'db' }), { stackChanges: [change!] })));
    expect(d).toMatchObject({ action: 'stop', stopReason: 'non_retryable', fingerprint: 'stack_changed:db' });
    expect(d.action === 'stop' && d.diagnosis).toMatch(/^the stack changed under this run: container p-db-1 .* was removed/);
  });

  it('a container that merely exited is left to the classification (retry, with its logs)', () => {
    const changes = stackChanges([built('db')], [state('db', { running: false, status: 'exited', exitCode: 1 })], 'p');
    const d = decideNext(input(facts('crash', match('crash'), { stackChanges: changes })));
    expect(d.action).toBe('retry');
  });
});
