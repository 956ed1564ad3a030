/**
 * A real sshd on a free 127.0.0.1 port, started by a test, through which the system's ssh reaches
 * "another machine" whose docker CLI talks to a given engine: the key's authorized_keys entry sets
 * DOCKER_HOST (PermitUserEnvironment), so `ssh <alias> docker system dial-stdio` ends on that
 * engine. The client side is an `ssh` wrapper first on PATH that adds `-F <config>` (host alias,
 * port, key, known_hosts with the server's key: host keys are checked), since ssh reads its
 * config from the user's home, which a test must not touch. Needs root, sshd and ssh.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { freePort } from '../../bench/support/free-port.js';

export interface SshServer {
  /** Host alias the wrapper's config resolves (to 127.0.0.1 and the port). */
  alias: string;
  /** Put first on PATH: holds the `ssh` wrapper. */
  binDir: string;
  stop(): Promise<void>;
}

export function sshUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  for (const tool of ['sshd', 'ssh', 'ssh-keygen']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `needs ${tool} (scripts/setup-machine.sh installs openssh)`;
    }
  }
  return undefined;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

export async function startSshServer(dir: string, dockerHost: string): Promise<SshServer> {
  mkdirSync(dir, { recursive: true });
  const binDir = join(dir, 'bin');
  mkdirSync(binDir);
  const sshd = execFileSync('sh', ['-c', 'command -v sshd'], { encoding: 'utf8' }).trim();
  const ssh = execFileSync('sh', ['-c', 'command -v ssh'], { encoding: 'utf8' }).trim();
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  const port = await freePort();
  const alias = 'etl-cycle-test-build-host';
  writeFileSync(
    join(dir, 'authorized_keys'),
    `environment="DOCKER_HOST=${dockerHost}" ${readFileSync(join(dir, 'client_key.pub'), 'utf8')}`,
  );
  writeFileSync(
    join(dir, 'sshd_config'),
    [
      `ListenAddress 127.0.0.1`,
      `Port ${port}`,
      `HostKey ${join(dir, 'host_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitUserEnvironment yes',
      'UsePAM no',
      'StrictModes no',
      'LogLevel ERROR',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'known_hosts'), `[127.0.0.1]:${port} ${readFileSync(join(dir, 'host_key.pub'), 'utf8')}`);
  writeFileSync(
    join(dir, 'ssh_config'),
    [
      `Host ${alias}`,
      '  HostName 127.0.0.1',
      `  Port ${port}`,
      `  IdentityFile ${join(dir, 'client_key')}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${join(dir, 'known_hosts')}`,
      '  StrictHostKeyChecking yes',
      '  HostKeyAlias [127.0.0.1]:' + port,
    ].join('\n'),
  );
  writeFileSync(join(binDir, 'ssh'), `#!/bin/sh\nexec ${ssh} -F ${join(dir, 'ssh_config')} "$@"\n`);
  chmodSync(join(binDir, 'ssh'), 0o755);
  mkdirSync('/run/sshd', { recursive: true });

  const daemon: ChildProcess = spawn(sshd, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  daemon.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const stop = async () => {
    if (daemon.exitCode === null && daemon.signalCode === null) {
      daemon.kill('SIGTERM');
      for (let i = 0; i < 20 && daemon.exitCode === null && daemon.signalCode === null; i += 1) await delay(100);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 50; i += 1) {
    if (await listening(port)) return { alias, binDir, stop };
    if (daemon.exitCode !== null) break;
    await delay(100);
  }
  await stop();
  throw new Error(`sshd did not listen on 127.0.0.1:${port}: ${log}`);
}
