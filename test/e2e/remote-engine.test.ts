/**
 * `etl-cycle run` against a second, real engine started by this file (TLS on a TCP port,
 * certificates made here with openssl), chosen the ways the docker CLI allows: DOCKER_HOST with
 * DOCKER_TLS_VERIFY/DOCKER_CERT_PATH, and a docker context. Plain TCP is refused unless allowed;
 * bad TLS material, an unknown context and an unreachable engine fail with one line, exit 2,
 * and nothing created.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readOnlyReport, runCli } from '../support/cli.js';
import { BUSYBOX_IMAGE } from '../support/docker.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';
import { secondEngineUnavailable, startSecondEngine } from '../support/second-engine.js';
import type { SecondEngine } from '../support/second-engine.js';
import { sshUnavailable, startSshServer } from '../support/ssh-server.js';
import { makeCertificates } from '../support/test-certificates.js';

const unavailable = secondEngineUnavailable();
let engine: SecondEngine;
let scratch: string;
let door: { server: Server; port: number };
let project: TestProject | undefined;

/** Environment that leaves the engine choice to what a test sets (the suite's own DOCKER_* must not leak in). */
const clean = {
  DOCKER_HOST: '',
  DOCKER_CONTEXT: '',
  DOCKER_TLS_VERIFY: '',
  DOCKER_TLS: '',
  DOCKER_CERT_PATH: '',
  ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE: '',
};

const compose = `services:
  web:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "sleep 1; mkdir -p /www; echo ok > /www/index.html; exec httpd -f -p 8080 -h /www"]
    expose: ["8080"]
    stop_grace_period: 1s
`;
const config = `orchestrator:\n  command: [sh, -c, "echo loaded"]\nloop:\n  max_iterations: 2\ngit:\n  mode: "off"\n`;

function projectContainers(name: string): string[] {
  return engine
    .docker(['ps', '-a', '--filter', `label=etl-cycle.project=${name}`, '--format', '{{.Names}}'])
    .split('\n')
    .filter(Boolean);
}

/** A docker context as `docker context create` writes it, in a DOCKER_CONFIG folder of its own. */
function writeContext(configDir: string, name: string, host: string, tlsFrom?: string): void {
  const id = createHash('sha256').update(name).digest('hex');
  mkdirSync(join(configDir, 'contexts', 'meta', id), { recursive: true });
  writeFileSync(
    join(configDir, 'contexts', 'meta', id, 'meta.json'),
    JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
  );
  if (tlsFrom) {
    const tls = join(configDir, 'contexts', 'tls', id, 'docker');
    mkdirSync(tls, { recursive: true });
    for (const file of ['ca.pem', 'cert.pem', 'key.pem']) cpSync(join(tlsFrom, file), join(tls, file));
  }
}

/** A plain-TCP door to the engine's unix socket: a real engine reached without TLS. */
function plaintextDoor(socket: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((client) => {
      const upstream = createConnection(socket);
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe.skipIf(unavailable !== undefined)(`etl-cycle run on a second engine${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    engine = await startSecondEngine({ tls: true });
    engine.loadImages([BUSYBOX_IMAGE]);
    scratch = mkdtempSync(join(tmpdir(), 'etl-cycle-remote-'));
    door = await plaintextDoor(engine.unixHost.replace('unix://', ''));
  });
  afterAll(async () => {
    door?.server.close();
    await engine?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });
  afterEach(async () => {
    const left = project ? projectContainers(project.name) : [];
    if (left.length) engine.docker(['rm', '-f', ...left]);
    await project?.dispose();
    project = undefined;
  });

  it('turns green over TLS chosen by DOCKER_HOST, and the report names the engine', async () => {
    project = await createTestProject({ prefix: 'tls', compose, config });
    const result = await runCli(['run'], { cwd: project.dir, env: { ...clean, ...engine.tlsEnv } });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(project.logsDir);
    expect(report.engine).toMatchObject({
      endpoint: engine.tcpHost,
      resolved_from: 'DOCKER_HOST',
      transport: 'tcp',
      tls: 'verified',
      location: 'local',
      mode: 'containers',
      readiness_probe: 'host',
      api_version: expect.stringMatching(/^1\.\d+$/),
    });
    // The stack runs on the second engine.
    expect(projectContainers(project.name)).toEqual([`${project.name}-web-1`]);
  });

  it('turns green on a docker context named by --engine, probing from the engine network as configured', async () => {
    const configDir = join(scratch, 'docker-config');
    writeContext(configDir, 'second', engine.tcpHost!, engine.certs!.dir);
    project = await createTestProject({ prefix: 'ctx', compose, config: `${config}readiness:\n  probe: engine\n` });
    const result = await runCli(['run', '--engine', 'second'], { cwd: project.dir, env: { ...clean, DOCKER_CONFIG: configDir } });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(project.logsDir);
    expect(report.engine).toMatchObject({
      endpoint: engine.tcpHost,
      resolved_from: 'docker context "second" (--engine)',
      context: 'second',
      tls: 'verified',
      readiness_probe: 'engine',
    });
    // The exec route answered (busybox has a shell): the wait saw the port listening inside, after the 1 s sleep.
    expect(report.cycles[0]!.services[0]!.detail).toMatch(/8080\/tcp listening inside the container/);
  });

  it.skipIf(sshUnavailable() !== undefined)(
    'turns green on an ssh:// engine through the system ssh, probing from the engine network as for a remote host',
    async () => {
      const ssh = await startSshServer(join(scratch, 'ssh'), engine.unixHost);
      try {
        project = await createTestProject({ prefix: 'ssh', compose, config });
        const env = { ...clean, DOCKER_HOST: `ssh://root@${ssh.alias}`, PATH: `${ssh.binDir}:${process.env.PATH ?? ''}` };
        const result = await runCli(['run'], { cwd: project.dir, env });
        expect(result.exitCode, result.stderr).toBe(0);
        const report = await readOnlyReport(project.logsDir);
        expect(report.engine).toMatchObject({
          endpoint: `ssh://root@${ssh.alias}`,
          transport: 'ssh',
          tls: 'none',
          location: 'remote',
          mode: 'containers',
          readiness_probe: 'engine',
        });
        expect(report.cycles[0]!.services[0]!.detail).toMatch(/8080\/tcp listening inside the container/);
        expect(projectContainers(project.name)).toEqual([`${project.name}-web-1`]);
      } finally {
        await ssh.stop();
      }
    },
  );

  it('refuses a plain-TCP engine unless allowed, then turns green when allowed', async () => {
    {
      project = await createTestProject({ prefix: 'plain', compose, config });
      const env = { ...clean, DOCKER_HOST: `tcp://127.0.0.1:${door.port}` };
      const refused = await runCli(['run'], { cwd: project.dir, env });
      expect(refused.exitCode).toBe(2);
      expect(refused.stderr.trim()).toBe(
        `etl-cycle: DOCKER_HOST: the engine at tcp://127.0.0.1:${door.port} would be reached without TLS; set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH (or use an ssh:// address or a TLS context), or allow it with --allow-plaintext-engine / ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE=1`,
      );
      expect(projectContainers(project.name)).toEqual([]);

      const allowed = await runCli(['run'], { cwd: project.dir, env: { ...env, ETL_CYCLE_ALLOW_PLAINTEXT_ENGINE: '1' } });
      expect(allowed.exitCode, allowed.stderr).toBe(0);
      expect(allowed.stderr).toContain('is reached without TLS, as allowed');
    }
  });

  describe('bad settings: one line naming the setting, exit 2, nothing created', () => {
    const refusals: [string, () => Record<string, string>, string[], RegExp][] = [
      [
        'an engine certificate from a CA the client does not trust',
        () => {
          const other = makeCertificates(join(scratch, 'other-ca'), { caName: 'not the engine CA' });
          return { ...engine.tlsEnv, DOCKER_CERT_PATH: other.dir };
        },
        [],
        /^etl-cycle: the engine at tcp:\/\/127\.0\.0\.1:\d+ \(DOCKER_HOST\): its certificate is not trusted by the CA of DOCKER_CERT_PATH=.*other-ca/,
      ],
      [
        'a client certificate the engine does not trust',
        () => {
          const other = makeCertificates(join(scratch, 'foreign-client'), { caName: 'foreign' });
          const dir = join(scratch, 'mixed');
          mkdirSync(dir, { recursive: true });
          cpSync(engine.certs!.ca, join(dir, 'ca.pem'));
          cpSync(other.cert, join(dir, 'cert.pem'));
          cpSync(other.key, join(dir, 'key.pem'));
          return { ...engine.tlsEnv, DOCKER_CERT_PATH: dir };
        },
        [],
        /^etl-cycle: the engine at tcp:\/\/127\.0\.0\.1:\d+ \(DOCKER_HOST\) refused etl-cycle's client certificate/,
      ],
      [
        'a key that does not belong to the certificate',
        () => {
          const other = makeCertificates(join(scratch, 'stray-key'));
          const dir = join(scratch, 'mismatch');
          mkdirSync(dir, { recursive: true });
          cpSync(engine.certs!.ca, join(dir, 'ca.pem'));
          cpSync(engine.certs!.cert, join(dir, 'cert.pem'));
          cpSync(other.key, join(dir, 'key.pem'));
          return { ...engine.tlsEnv, DOCKER_CERT_PATH: dir };
        },
        [],
        /^etl-cycle: DOCKER_CERT_PATH=.*mismatch: .*key\.pem does not belong to cert\.pem/,
      ],
      [
        'a context that does not exist',
        () => ({ DOCKER_CONTEXT: 'nowhere', DOCKER_CONFIG: join(scratch, 'empty-config') }),
        [],
        /^etl-cycle: DOCKER_CONTEXT: docker context "nowhere" does not exist/,
      ],
      [
        'an engine that does not answer',
        () => ({ ...engine.tlsEnv, DOCKER_HOST: 'tcp://127.0.0.1:1' }),
        [],
        /^etl-cycle: No Docker engine answers at tcp:\/\/127\.0\.0\.1:1 \(connect ECONNREFUSED 127\.0\.0\.1:1\): check that the engine runs there and that DOCKER_HOST names it/,
      ],
      [
        'TLS spoken to a plain-TCP engine',
        () => ({ ...engine.tlsEnv, DOCKER_HOST: `tcp://127.0.0.1:${door.port}` }),
        [],
        /^etl-cycle: the engine at tcp:\/\/127\.0\.0\.1:\d+ \(DOCKER_HOST\) does not speak TLS on that port/,
      ],
      [
        'plain HTTP spoken to a TLS engine',
        () => ({ DOCKER_HOST: engine.tcpHost! }),
        ['--allow-plaintext-engine'],
        /^etl-cycle: the engine at tcp:\/\/127\.0\.0\.1:\d+ \(DOCKER_HOST\) expects TLS: set DOCKER_TLS_VERIFY=1/,
      ],
    ];
    for (const [what, environment, flags, expected] of refusals) {
      it(what, async () => {
        project = await createTestProject({ prefix: 'bad', compose, config });
        const result = await runCli(['run', ...flags], { cwd: project.dir, env: { ...clean, ...environment() } });
        expect(result.exitCode, result.stderr).toBe(2);
        const lines = result.stderr.trim().split('\n');
        expect(lines.filter((line) => line.startsWith('etl-cycle:'))).toHaveLength(1);
        expect(lines.at(-1)).toMatch(expected);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        expect(projectContainers(project.name)).toEqual([]);
      });
    }
  });
});
