/**
 * TLS material made for a test with the real openssl: a CA, a server certificate for 127.0.0.1 /
 * localhost, and a client certificate, in the file names the docker CLI uses (ca.pem, cert.pem,
 * key.pem for the client; server-cert.pem, server-key.pem for dockerd). EC P-256 keys: quick to make.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CertificateSet {
  dir: string;
  ca: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  /** Client files, as DOCKER_CERT_PATH expects them. */
  cert: string;
  key: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Writes a fresh CA and the server and client certificates it signs into `dir`. */
export function makeCertificates(dir: string, options: { caName?: string; days?: number } = {}): CertificateSet {
  mkdirSync(dir, { recursive: true });
  const days = String(options.days ?? 2);
  openssl(
    [
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      'ca-key.pem',
      '-out',
      'ca.pem',
      '-days',
      days,
      '-subj',
      `/CN=${options.caName ?? 'etl-cycle test CA'}`,
    ],
    dir,
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, subject, ext] of [
    ['server', '/CN=localhost', 'server.ext'],
    ['client', '/CN=etl-cycle test client', 'client.ext'],
  ] as const) {
    openssl(['req', ...EC_KEY, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject], dir);
    openssl(
      [
        'x509',
        '-req',
        '-in',
        `${name}.csr`,
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca-key.pem',
        '-CAcreateserial',
        '-out',
        `${name}-cert.pem`,
        '-days',
        days,
        '-extfile',
        ext,
      ],
      dir,
    );
  }
  // The docker CLI's names for the client pair.
  execFileSync('cp', [join(dir, 'client-cert.pem'), join(dir, 'cert.pem')]);
  execFileSync('cp', [join(dir, 'client-key.pem'), join(dir, 'key.pem')]);
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    serverCert: join(dir, 'server-cert.pem'),
    serverKey: join(dir, 'server-key.pem'),
    cert: join(dir, 'cert.pem'),
    key: join(dir, 'key.pem'),
  };
}
