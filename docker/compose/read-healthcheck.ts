/**
 * `healthcheck:` in the engine's form. A string test runs in the container's shell
 * (["CMD-SHELL", "..."]), a list is used as written (["CMD", ...] / ["CMD-SHELL", "..."] /
 * ["NONE"]), `disable: true` is ["NONE"], and a healthcheck without `test` keeps the image's
 * own test (the engine's empty list) while overriding its timings.
 */
import type { Healthcheck } from '../types.js';
import { checkKeys } from './check-keys.js';
import { HEALTHCHECK_KEYS } from './compose-keys.js';
import { describeValue } from './compose-source.js';
import type { ComposeSource, FieldPath } from './compose-source.js';
import { readBoolean, readDurationMs, readInteger, readMapping, readString } from './read-field.js';

const TEST_FORMS = 'a command string (run by the shell) or a list starting with "CMD", "CMD-SHELL" or "NONE"';

export function readHealthcheck(source: ComposeSource, path: FieldPath, value: unknown): Healthcheck | undefined {
  if (value === null || value === undefined) return undefined;
  const spec = readMapping(source, path, value);
  checkKeys(source, path, spec, HEALTHCHECK_KEYS);
  const disabled = spec.disable !== undefined && readBoolean(source, [...path, 'disable'], spec.disable);
  if (disabled) {
    if (spec.test !== undefined)
      throw source.error([...path, 'disable'], 'disable: true and test cannot be set together; remove one of them');
    return { test: ['NONE'] };
  }

  const healthcheck: Healthcheck = { test: spec.test === undefined ? [] : readTest(source, [...path, 'test'], spec.test) };
  if (spec.interval !== undefined) healthcheck.intervalMs = readDurationMs(source, [...path, 'interval'], spec.interval);
  if (spec.timeout !== undefined) healthcheck.timeoutMs = readDurationMs(source, [...path, 'timeout'], spec.timeout);
  if (spec.start_period !== undefined) healthcheck.startPeriodMs = readDurationMs(source, [...path, 'start_period'], spec.start_period);
  if (spec.start_interval !== undefined)
    healthcheck.startIntervalMs = readDurationMs(source, [...path, 'start_interval'], spec.start_interval);
  if (spec.retries !== undefined) healthcheck.retries = readInteger(source, [...path, 'retries'], spec.retries, { min: 0 });
  return healthcheck;
}

function readTest(source: ComposeSource, path: FieldPath, value: unknown): string[] {
  if (typeof value === 'string') {
    if (!value.trim()) throw source.error(path, `expected ${TEST_FORMS}, got an empty string`);
    return ['CMD-SHELL', value];
  }
  if (!Array.isArray(value)) throw source.error(path, `expected ${TEST_FORMS}, got ${describeValue(value)}`);
  const test = value.map((item, index) => readString(source, [...path, index], item));
  const [kind] = test;
  if (kind === 'NONE' && test.length === 1) return test;
  if ((kind === 'CMD' || kind === 'CMD-SHELL') && test.length >= 2) return test;
  throw source.error(path, `expected ${TEST_FORMS} followed by the command, got ${describeValue(value)}`);
}
