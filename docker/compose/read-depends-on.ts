/**
 * `depends_on:` as a list of service names (each: started, required) or a mapping with
 * `condition` (service_started | service_healthy | service_completed_successfully) and
 * `required` (default true). Whether the services exist is checked once every service is known.
 */
import type { DependsOnCondition, ServiceModel } from '../types.js';
import { checkKeys } from './check-keys.js';
import { DEPENDS_ON_KEYS } from './compose-keys.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { isMapping, readBoolean, readMapping, readString } from './read-field.js';

export type Dependency = ServiceModel['dependsOn'][number];

const CONDITIONS: readonly DependsOnCondition[] = ['service_started', 'service_healthy', 'service_completed_successfully'];

export function readDependsOn(source: ComposeSource, path: FieldPath, value: unknown): Dependency[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) {
    return value.map((item, index) => ({
      service: readString(source, [...path, index], item, 'a service name'),
      condition: 'service_started' as const,
      required: true,
    }));
  }
  if (!isMapping(value))
    throw source.error(path, `expected a list of service names or a mapping of service: { condition }, got ${describeValue(value)}`);
  return Object.entries(value).map(([service, entry]) => {
    const at = [...path, service];
    const spec = readMapping(source, at, entry, 'a mapping with condition and required');
    checkKeys(source, at, spec, DEPENDS_ON_KEYS);
    let condition: DependsOnCondition = 'service_started';
    if (spec.condition !== undefined) {
      const text = readString(source, [...at, 'condition'], spec.condition);
      if (!CONDITIONS.includes(text as DependsOnCondition)) {
        throw source.error([...at, 'condition'], `unknown condition ${describeValue(text)}; expected ${CONDITIONS.join(', ')}`);
      }
      condition = text as DependsOnCondition;
    }
    const required = spec.required === undefined ? true : readBoolean(source, [...at, 'required'], spec.required);
    return { service, condition, required };
  });
}
