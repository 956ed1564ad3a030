/**
 * The TLS files of an engine target, read and checked before the first connection, so a wrong
 * file is named as such ("key.pem does not belong to cert.pem") instead of surfacing as a
 * handshake error from the far end. Checks: every named file is readable PEM; certificates parse
 * and are within their validity period; the key parses and pairs with the certificate; a
 * certificate comes with its key and the other way round.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigError, errorMessage } from '../../core/errors.js';
import type { TlsSettings } from './engine-target.js';

export interface TlsMaterial {
  ca?: Buffer[];
  cert?: Buffer;
  key?: Buffer;
  rejectUnauthorized: boolean;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export async function loadTlsMaterial(tls: TlsSettings, now: Date = new Date()): Promise<TlsMaterial> {
  const fail = (file: string, why: string): never => {
    throw new ConfigError(`${tls.origin}: ${file} ${why}`);
  };
  const read = async (file: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return fail(file, code === 'ENOENT' ? 'does not exist' : `cannot be read (${errorMessage(error)})`);
    }
  };
  const certificates = (file: string, pem: Buffer): X509Certificate[] => {
    const blocks = pem.toString('utf8').match(PEM_CERTIFICATE) ?? [];
    if (blocks.length === 0) fail(file, 'holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    return blocks.map((block) => {
      let certificate: X509Certificate;
      try {
        certificate = new X509Certificate(block);
      } catch (error) {
        return fail(file, `holds a certificate that does not parse (${errorMessage(error)})`);
      }
      if (Date.parse(certificate.validTo) < now.getTime())
        fail(file, `expired on ${new Date(certificate.validTo).toISOString()}: renew it`);
      if (Date.parse(certificate.validFrom) > now.getTime())
        fail(file, `is not valid before ${new Date(certificate.validFrom).toISOString()}`);
      return certificate;
    });
  };

  if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
    const [have, missing] = tls.certFile ? ['cert.pem', 'key.pem'] : ['key.pem', 'cert.pem'];
    fail(tls.certFile ?? tls.keyFile ?? '', `is there but ${missing} is not: a client certificate needs both ${have} and ${missing}`);
  }
  const material: TlsMaterial = { rejectUnauthorized: tls.verify };
  if (tls.caFile) {
    const pem = await read(tls.caFile);
    certificates(tls.caFile, pem);
    material.ca = [pem];
  }
  if (tls.certFile && tls.keyFile) {
    const [certPem, keyPem] = await Promise.all([read(tls.certFile), read(tls.keyFile)]);
    const [leaf] = certificates(tls.certFile, certPem);
    let key: KeyObject;
    try {
      key = createPrivateKey(keyPem);
    } catch (error) {
      return fail(tls.keyFile, `is not a private key in PEM form (${errorMessage(error)})`);
    }
    if (leaf && !leaf.checkPrivateKey(key)) {
      fail(
        tls.keyFile,
        `does not belong to ${basename(tls.certFile)} (they are not a pair): put the key made with that certificate next to it`,
      );
    }
    material.cert = certPem;
    material.key = keyPem;
  }
  return material;
}
