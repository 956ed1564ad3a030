import { describe, expect, it } from 'vitest';
import { InterpolationError, interpolateString } from '../../../core/interpolate.js';

const env: Record<string, string> = { USER: 'etl', EMPTY: '', PORT: '5432', INNER: 'nested' };
const lookup = (name: string): string | undefined => env[name];
const value = (template: string): string => interpolateString(template, lookup).value;

describe('interpolateString', () => {
  it('substitutes $VAR and ${VAR}, leaving text around them', () => {
    expect(value('user=$USER port=${PORT}!')).toBe('user=etl port=5432!');
    expect(value('$USER$PORT')).toBe('etl5432');
    expect(value('${USER}_x')).toBe('etl_x');
    expect(value('$USER-x')).toBe('etl-x');
  });

  it('turns an unset bare variable into "" and reports it', () => {
    expect(interpolateString('a${NOPE}b$NADA', lookup)).toEqual({ value: 'ab', unset: ['NOPE', 'NADA'] });
    expect(interpolateString('${EMPTY}', lookup)).toEqual({ value: '', unset: [] });
  });

  it('keeps $$ as a literal $', () => {
    expect(value('$$USER costs $$5 and ${USER}')).toBe('$USER costs $5 and etl');
    expect(value('$${USER}')).toBe('${USER}');
  });

  it(':- uses the default when unset or empty, - only when unset', () => {
    expect(value('${NOPE:-d}')).toBe('d');
    expect(value('${EMPTY:-d}')).toBe('d');
    expect(value('${USER:-d}')).toBe('etl');
    expect(value('${NOPE-d}')).toBe('d');
    expect(value('${EMPTY-d}')).toBe('');
    expect(value('${USER-d}')).toBe('etl');
    expect(value('${NOPE:-}')).toBe('');
  });

  it(':+ uses the alternative when set and non-empty, + when set at all', () => {
    expect(value('${USER:+alt}')).toBe('alt');
    expect(value('${EMPTY:+alt}')).toBe('');
    expect(value('${NOPE:+alt}')).toBe('');
    expect(value('${EMPTY+alt}')).toBe('alt');
    expect(value('${NOPE+alt}')).toBe('');
  });

  it('interpolates nested defaults and alternatives', () => {
    expect(value('${NOPE:-${INNER}}')).toBe('nested');
    expect(value('${NOPE:-${ALSO_NOPE:-deep}}/x')).toBe('deep/x');
    expect(value('${USER:+user=${USER}}')).toBe('user=etl');
    expect(value('${NOPE:-a:b-c}')).toBe('a:b-c');
    expect(value('${NOPE:-$$literal}')).toBe('$literal');
  });

  it('evaluates a default only when it is used', () => {
    expect(value('${USER:-${MISSING:?never evaluated}}')).toBe('etl');
  });

  it(':? fails when unset or empty, ? only when unset, naming the variable and the message', () => {
    expect(() => value('${NOPE:?set NOPE in .env}')).toThrow(
      new InterpolationError('required variable NOPE is not set: set NOPE in .env', 'NOPE'),
    );
    expect(() => value('${EMPTY:?must not be empty}')).toThrow('required variable EMPTY is empty: must not be empty');
    expect(value('${EMPTY?unused}')).toBe('');
    expect(() => value('${NOPE?}')).toThrow('required variable NOPE is not set');
    expect(value('${USER:?x}')).toBe('etl');
    try {
      value('x ${DB_PASSWORD:?needed} y');
      expect.unreachable();
    } catch (error) {
      expect((error as InterpolationError).variable).toBe('DB_PASSWORD');
    }
  });

  it('rejects malformed templates with the fix in the message', () => {
    expect(() => value('${USER')).toThrow(/unclosed "\$\{".*"\$\$"/);
    expect(() => value('cost: $5')).toThrow(/"\$" must be followed by a variable name.*"\$\$"/);
    expect(() => value('trailing $')).toThrow(InterpolationError);
    expect(() => value('${}')).toThrow(/invalid variable name/);
    expect(() => value('${1A}')).toThrow(/invalid variable name/);
    expect(() => value('${USER.name}')).toThrow(/invalid interpolation "\$\{USER\.name\}"/);
    expect(() => value('${USER:=x}')).toThrow(/invalid interpolation/);
  });

  it('leaves strings without $ untouched', () => {
    expect(interpolateString('plain {text}', lookup)).toEqual({ value: 'plain {text}', unset: [] });
  });
});
