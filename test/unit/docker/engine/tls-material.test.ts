/** The TLS files are checked before any connection, with certificates made by the real openssl. */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../../core/errors.js';
import type { TlsSettings } from '../../../../docker/engine/engine-target.js';
import { loadTlsMaterial } from '../../../../docker/engine/tls-material.js';
import { makeCertificates } from '../../../support/test-certificates.js';
import type { CertificateSet } from '../../../support/test-certificates.js';

let dir: string;
let certs: CertificateSet;
let other: CertificateSet;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'etl-cycle-tls-'));
  certs = makeCertificates(join(dir, 'good'));
  other = makeCertificates(join(dir, 'other'), { caName: 'another CA' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settings = (files: Partial<TlsSettings>): TlsSettings => ({ verify: true, origin: 'DOCKER_CERT_PATH=/test', ...files });

async function failure(tls: TlsSettings, now?: Date): Promise<string> {
  const error = await loadTlsMaterial(tls, now).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).not.toContain('\n');
  return (error as Error).message;
}

describe('loadTlsMaterial', () => {
  it('reads a matching set', async () => {
    const material = await loadTlsMaterial(settings({ caFile: certs.ca, certFile: certs.cert, keyFile: certs.key }));
    expect(material.rejectUnauthorized).toBe(true);
    expect(material.ca?.[0]?.toString()).toContain('BEGIN CERTIFICATE');
    expect(material.key?.toString()).toContain('PRIVATE KEY');
    const unverified = await loadTlsMaterial({ verify: false, origin: 'x' });
    expect(unverified).toEqual({ rejectUnauthorized: false });
  });

  it('names a key that belongs to another certificate', async () => {
    const message = await failure(settings({ caFile: certs.ca, certFile: certs.cert, keyFile: other.key }));
    expect(message).toBe(
      `DOCKER_CERT_PATH=/test: ${other.key} does not belong to cert.pem (they are not a pair): put the key made with that certificate next to it`,
    );
  });

  it('names a missing file, a file that is not PEM, a key that is not a key', async () => {
    expect(await failure(settings({ caFile: join(dir, 'none.pem') }))).toBe(
      `DOCKER_CERT_PATH=/test: ${join(dir, 'none.pem')} does not exist`,
    );
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'hello');
    expect(await failure(settings({ caFile: junk }))).toContain(`${junk} holds no PEM certificate`);
    const notKey = join(dir, 'not-key.pem');
    copyFileSync(certs.cert, notKey);
    expect(await failure(settings({ certFile: certs.cert, keyFile: notKey }))).toContain(`${notKey} is not a private key in PEM form`);
  });

  it('wants a certificate and its key together', async () => {
    expect(await failure(settings({ certFile: certs.cert }))).toContain('a client certificate needs both cert.pem and key.pem');
    expect(await failure(settings({ keyFile: certs.key }))).toContain('a client certificate needs both key.pem and cert.pem');
  });

  it('refuses an expired certificate, saying when it expired', async () => {
    const later = new Date(Date.now() + 10 * 24 * 3600 * 1000);
    expect(await failure(settings({ caFile: certs.ca }), later)).toMatch(
      new RegExp(`${certs.ca.replace(/[/.]/g, '\\$&')} expired on \\d{4}-`),
    );
  });
});
