import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../core/errors.js';
import { StackUpError } from '../../../docker/errors.js';
import { serviceLevels } from '../../../docker/stack/start-order.js';
import type { DependsOnCondition, ServiceModel } from '../../../docker/types.js';
import { service } from './model.js';

const dep = (name: string, condition: DependsOnCondition = 'service_started', required = true) => ({ service: name, condition, required });
const names = (levels: ServiceModel[][]) => levels.map((level) => level.map((s) => s.name));

describe('serviceLevels', () => {
  it('puts every service after its dependencies and independent ones together, whatever the listing order', () => {
    const levels = serviceLevels([
      service('app', { dependsOn: [dep('migrate', 'service_completed_successfully'), dep('cache')] }),
      service('migrate', { dependsOn: [dep('db', 'service_healthy')] }),
      service('cache'),
      service('db'),
    ]);
    expect(names(levels)).toEqual([['cache', 'db'], ['migrate'], ['app']]);
  });

  it('ignores an optional dependency that is not part of the run', () => {
    expect(names(serviceLevels([service('app', { dependsOn: [dep('metrics', 'service_started', false)] })]))).toEqual([['app']]);
  });

  it('refuses a required dependency that is not part of the run, naming both', () => {
    const run = () => serviceLevels([service('app', { dependsOn: [dep('db')] })]);
    expect(run).toThrow(StackUpError);
    expect(run).toThrow('service "db" is required by "app" but is not part of this run (undefined, or disabled by a profile)');
  });

  it('refuses a cycle, naming the services in it', () => {
    const run = () => serviceLevels([service('a', { dependsOn: [dep('b')] }), service('b', { dependsOn: [dep('a')] }), service('c')]);
    expect(run).toThrow(ComposeError);
    expect(run).toThrow('services a, b depend on each other in a cycle');
  });
});
