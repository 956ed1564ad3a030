/**
 * A second, real Docker engine started by the test itself, next to the machine's main one: its
 * own data root, exec root (and so its own containerd), pidfile, a unix socket in a temp folder
 * and, on request, a TCP port on 127.0.0.1 with TLS certificates made in the test.
 *
 * It must not disturb the main engine, which other suites use at the same time:
 * - never `--bridge=none`: dockerd then deletes the host's `docker0` device, the main engine's
 *   default bridge. It gets a bridge device of its own instead (`--bridge=etlc<id>`);
 * - `--iptables=false`: with iptables on, a starting dockerd rebuilds the DOCKER chains the main
 *   engine's published ports live in. Instead one rule, scoped to this engine's own address
 *   range, lets its containers talk to each other through the main engine's FORWARD DROP
 *   policy (bridged traffic passes iptables where br_netfilter is loaded);
 * - its networks come from a /16 of 10.0.0.0/8 that no route on this machine uses;
 * - in swarm mode its docker_gwbridge gets its own device name, and the swarm ports are free ones.
 * `stop()` takes all of it away again, and a later start sweeps what a killed test left behind
 * (only engines whose daemon is dead). Needs root, dockerd, ip, iptables and openssl.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../../bench/support/free-port.js';
import { makeCertificates } from './test-certificates.js';
import type { CertificateSet } from './test-certificates.js';

const PREFIX = 'etlc-';
const MARKER = 'engine.json';

export interface SecondEngine {
  id: string;
  dir: string;
  /** unix:///tmp/etlc-xxxx/docker.sock */
  unixHost: string;
  /** tcp://127.0.0.1:<port> (TLS), when started with `tls`. */
  tcpHost?: string;
  certs?: CertificateSet;
  /** DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH for the TLS port. */
  tlsEnv: Record<string, string>;
  /** The engine's 10.x.0.0/16. */
  subnet: string;
  /** `docker -H <unix socket> ...`, output as text. */
  docker(args: string[], input?: string): string;
  /** Copies an image of the main engine into this one (docker save | docker load). */
  loadImages(names: string[]): void;
  /** `docker swarm init` on this engine alone, on free ports. */
  initSwarm(): Promise<void>;
  stop(): Promise<void>;
}

interface Marker {
  pidfile: string;
  bridge: string;
  gwBridge: string;
  subnet: string;
}

/** Why a second engine cannot be started here (undefined: it can). */
export function secondEngineUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (it starts dockerd and adds a bridge device)';
  for (const tool of ['dockerd', 'docker', 'ip', 'iptables', 'openssl']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `needs ${tool} (scripts/setup-machine.sh installs it)`;
    }
  }
  return undefined;
}

function run(command: string, args: string[], input?: string): string {
  return execFileSync(command, args, { encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function tryRun(command: string, args: string[]): void {
  try {
    run(command, args);
  } catch {
    // Already gone: that is what we wanted.
  }
}

function forwardRule(subnet: string, bridge: string): string[] {
  return ['FORWARD', '-s', subnet, '-d', subnet, '-m', 'comment', '--comment', `etl-cycle-test-${bridge}`, '-j', 'ACCEPT'];
}

/** A 10.x.0.0/16 that no route and no other second engine uses. */
function pickSubnet(): number {
  const routes = run('ip', ['-4', 'route', 'show', 'table', 'all']);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const octet = 150 + Math.floor(Math.random() * 100);
    if (!routes.includes(`10.${octet}.`)) return octet;
  }
  throw new Error('no free 10.x.0.0/16 for a second engine');
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(pidfile: string): number | undefined {
  try {
    const pid = Number(readFileSync(pidfile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Processes whose command line mentions `dir` (the engine's containerd and shims). */
function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(dir)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids.filter((pid) => pid !== process.pid);
}

/** Bridge devices whose address lies in the engine's range: its networks' bridges, left when the daemon stopped. */
function bridgesIn(subnetPrefix: string): string[] {
  const text = run('ip', ['-4', '-o', 'addr', 'show']);
  return [...text.matchAll(/^\d+:\s+(\S+)\s+inet\s+(\S+)/gm)].filter((m) => m[2]!.startsWith(subnetPrefix)).map((m) => m[1]!);
}

function removeHostState(dir: string, marker: Marker): void {
  for (const pid of processesUnder(dir)) tryRun('kill', ['-9', String(pid)]);
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((point) => point.startsWith(dir))
    .sort((a, b) => b.length - a.length);
  for (const point of mounts) tryRun('umount', ['-l', point]);
  const prefix = marker.subnet.replace(/0\.0\/16$/, '');
  for (const device of new Set([marker.bridge, marker.gwBridge, ...bridgesIn(prefix)])) tryRun('ip', ['link', 'delete', device]);
  tryRun('iptables', ['-w', '-D', ...forwardRule(marker.subnet, marker.bridge)]);
  rmSync(dir, { recursive: true, force: true });
}

/** What a killed test left behind: engines whose daemon is dead. Live ones may be another suite's. */
function sweepDeadEngines(): void {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), entry);
    const markerFile = join(dir, MARKER);
    if (!existsSync(markerFile)) continue;
    const marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Marker;
    const pid = readPid(marker.pidfile);
    if (pid !== undefined && pidAlive(pid)) continue;
    removeHostState(dir, marker);
  }
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export async function startSecondEngine(options: { tls?: boolean } = {}): Promise<SecondEngine> {
  const unavailable = secondEngineUnavailable();
  if (unavailable) throw new Error(`cannot start a second Docker engine: ${unavailable}`);
  sweepDeadEngines();

  const id = randomBytes(3).toString('hex');
  // Short: containerd's socket path under the exec root must stay below the 108-byte limit.
  const dir = join(tmpdir(), `${PREFIX}${id}`);
  mkdirSync(dir);
  const octet = pickSubnet();
  const marker: Marker = {
    pidfile: join(dir, 'docker.pid'),
    bridge: `etlc${id}`,
    gwBridge: `etlg${id}`,
    subnet: `10.${octet}.0.0/16`,
  };
  writeFileSync(join(dir, MARKER), JSON.stringify(marker));
  const socket = join(dir, 'docker.sock');
  let daemon: ChildProcess | undefined;

  const engine: SecondEngine = {
    id,
    dir,
    unixHost: `unix://${socket}`,
    tlsEnv: {},
    subnet: marker.subnet,
    docker: (args, input) => run('docker', ['-H', `unix://${socket}`, ...args], input),
    loadImages: (names) => {
      run('sh', ['-c', `docker save ${names.join(' ')} | docker -H unix://${socket} load -q`]);
    },
    initSwarm: async () => {
      engine.docker([
        'network',
        'create',
        '--driver',
        'bridge',
        '--subnet',
        `10.${octet}.254.0/24`,
        '-o',
        `com.docker.network.bridge.name=${marker.gwBridge}`,
        '-o',
        'com.docker.network.bridge.enable_icc=false',
        '-o',
        'com.docker.network.bridge.enable_ip_masquerade=false',
        'docker_gwbridge',
      ]);
      const listenPort = await freePort();
      const dataPathPort = 20_000 + Math.floor(Math.random() * 20_000);
      engine.docker([
        'swarm',
        'init',
        '--advertise-addr',
        '127.0.0.1',
        '--listen-addr',
        `127.0.0.1:${listenPort}`,
        '--data-path-port',
        String(dataPathPort),
        '--default-addr-pool',
        `10.${octet}.128.0/18`,
      ]);
    },
    stop: async () => {
      try {
        if (daemon && daemon.exitCode === null) {
          // Remove what runs on it through its own API first, so its network devices go with their networks.
          tryRun('docker', ['-H', `unix://${socket}`, 'swarm', 'leave', '--force']);
          const containers = run('docker', ['-H', `unix://${socket}`, 'ps', '-aq'])
            .split('\n')
            .filter(Boolean);
          if (containers.length) tryRun('docker', ['-H', `unix://${socket}`, 'rm', '-f', '-v', ...containers]);
          const networks = run('docker', ['-H', `unix://${socket}`, 'network', 'ls', '-q', '--filter', 'type=custom'])
            .split('\n')
            .filter(Boolean);
          for (const network of networks) tryRun('docker', ['-H', `unix://${socket}`, 'network', 'rm', network]);
          daemon.kill('SIGTERM');
          for (let i = 0; i < 60 && daemon.exitCode === null && daemon.signalCode === null; i += 1) await delay(250);
          if (daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGKILL');
        }
      } finally {
        removeHostState(dir, marker);
      }
    },
  };

  try {
    run('ip', ['link', 'add', 'name', marker.bridge, 'type', 'bridge']);
    run('ip', ['addr', 'add', `10.${octet}.255.1/24`, 'dev', marker.bridge]);
    run('ip', ['link', 'set', marker.bridge, 'up']);
    run('iptables', ['-w', '-I', ...forwardRule(marker.subnet, marker.bridge)]);
    writeFileSync(join(dir, 'daemon.json'), '{}');
    const args = [
      '--config-file',
      join(dir, 'daemon.json'),
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'x'),
      '--pidfile',
      marker.pidfile,
      '-H',
      `unix://${socket}`,
      `--bridge=${marker.bridge}`,
      '--iptables=false',
      '--ip-forward=false',
      '--ip-masq=false',
      '--default-address-pool',
      `base=10.${octet}.0.0/17,size=24`,
      `--cgroup-parent=/etl-cycle-test-${id}`,
    ];
    if (options.tls) {
      const certs = makeCertificates(join(dir, 'tls'));
      const port = await freePort();
      engine.certs = certs;
      engine.tcpHost = `tcp://127.0.0.1:${port}`;
      engine.tlsEnv = { DOCKER_HOST: engine.tcpHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs.dir };
      args.push(
        '-H',
        `tcp://127.0.0.1:${port}`,
        '--tlsverify',
        '--tlscacert',
        certs.ca,
        '--tlscert',
        certs.serverCert,
        '--tlskey',
        certs.serverKey,
      );
    }
    const log = openSync(join(dir, 'dockerd.log'), 'a');
    daemon = spawn('dockerd', args, { stdio: ['ignore', log, log] });
    for (let i = 0; i < 120; i += 1) {
      if (await ping(socket)) return engine;
      if (daemon.exitCode !== null) break;
      await delay(250);
    }
    const tail = readFileSync(join(dir, 'dockerd.log'), 'utf8').split('\n').slice(-15).join('\n');
    throw new Error(`the second dockerd did not answer on ${socket}:\n${tail}`);
  } catch (error) {
    await engine.stop();
    throw error;
  }
}
