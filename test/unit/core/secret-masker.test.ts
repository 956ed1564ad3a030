import { describe, expect, it } from 'vitest';
import { MASK, SecretMasker, urlPasswordsIn } from '../../../core/secret-masker.js';
import { DEFAULT_SECRET_NAMES, secretNameMatcher } from '../../../core/secret-names.js';

describe('SecretMasker', () => {
  it('masks every occurrence of a registered value, the longer of two overlapping secrets whole', () => {
    const masker = new SecretMasker();
    expect(masker.add('s3cr3t-pw')).toBe('added');
    expect(masker.add('s3cr3t-pw-long')).toBe('added');
    expect(masker.add('s3cr3t-pw')).toBe('known');
    expect(masker.mask('a s3cr3t-pw b s3cr3t-pw-long c s3cr3t-pw')).toBe(`a ${MASK} b ${MASK} c ${MASK}`);
  });

  it('refuses values too short or too ordinary to mask, and masks each line of a multi-line secret', () => {
    const masker = new SecretMasker();
    expect(masker.add('abc')).toBe('too_short');
    expect(masker.add('true')).toBe('not_secret');
    expect(masker.add('')).toBe('not_secret');
    expect(masker.add('-----BEGIN KEY-----\nMIIEabcdefgh\n-----END KEY-----\n')).toBe('added');
    expect(masker.mask('abc true MIIEabcdefgh')).toBe(`abc true ${MASK}`);
  });

  it('masks the password of any URL, registered or not, and nothing else of it', () => {
    const masker = new SecretMasker();
    expect(masker.mask('connecting to postgres://etl:hunter2@db:5432/warehouse now')).toBe(
      `connecting to postgres://etl:${MASK}@db:5432/warehouse now`,
    );
    expect(masker.mask('redis://:p@ss@cache:6379 and https://u:x%40y@h/p')).toBe(`redis://:${MASK}@cache:6379 and https://u:${MASK}@h/p`);
    expect(masker.mask('"url":"mysql://root:pw@h/db","mail":"a@b"')).toBe(`"url":"mysql://root:${MASK}@h/db","mail":"a@b"`);
    for (const untouched of ['ssh://git@github.com/x', 'http://localhost:8080/a@b', 'user@example.com: http://h:1']) {
      expect(masker.mask(untouched)).toBe(untouched);
    }
    expect(urlPasswordsIn('DSN=postgres://u:pw%21x@h/d other http://a:b@c')).toEqual(['pw%21x', 'b']);
  });

  it('masks deeply, leaving keys, numbers and the input itself alone', () => {
    const masker = new SecretMasker();
    masker.add('topsecret');
    const input = { text: 'x topsecret', list: ['topsecret', 3], nested: { captures: { user: 'topsecret' } }, n: null };
    expect(masker.maskDeep(input)).toEqual({ text: `x ${MASK}`, list: [MASK, 3], nested: { captures: { user: MASK } }, n: null });
    expect(input.text).toBe('x topsecret');
  });
});

describe('secret names', () => {
  it('matches the default globs case-insensitively, plus the names listed in values_from_env', () => {
    const isSecret = secretNameMatcher({ names: DEFAULT_SECRET_NAMES, valuesFromEnv: ['DSN'] });
    for (const name of [
      'DB_PASSWORD',
      'PGPASSWORD',
      'api_key',
      'GITHUB_TOKEN',
      'AWS_SECRET_ACCESS_KEY',
      'GCP_CREDENTIALS',
      'MYSQL_PWD',
      'DSN',
    ]) {
      expect(isSecret(name), name).toBe(true);
    }
    for (const name of ['DB_HOST', 'PWD', 'HOME', 'DB_USER', 'PATH']) expect(isSecret(name), name).toBe(false);
    const custom = secretNameMatcher({ names: ['*PASSWORD*'], valuesFromEnv: [] });
    expect(custom('CASSANDRA_KEYSPACE')).toBe(false);
  });
});
