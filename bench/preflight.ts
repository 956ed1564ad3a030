/**
 * Before anything is timed: an engine must answer, the stack's images must exist (built
 * locally by scripts/images/build-images.sh when missing: no registry is reachable), and the
 * shell contenders need docker-compose (without it they are left out, and the results say so).
 */
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { BUSYBOX_IMAGE, POSTGRES_IMAGE } from './time-to-green/leftovers.js';

export interface Preflight {
  composeAvailable: boolean;
}

export async function preflight(docker: Docker, packageRoot: string, log: (line: string) => void): Promise<Preflight> {
  try {
    await docker.ping();
  } catch (error) {
    throw new Error(`no Docker engine answers (${(error as Error).message}); start one (see docs/benchmarks.md) and run again`);
  }
  const missing = [];
  for (const image of [POSTGRES_IMAGE, BUSYBOX_IMAGE]) {
    if (
      !(await docker
        .getImage(image)
        .inspect()
        .then(
          () => true,
          () => false,
        ))
    )
      missing.push(image);
  }
  if (missing.length > 0) {
    log(`building the missing images (${missing.join(', ')}) with scripts/images/build-images.sh`);
    await new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [join(packageRoot, 'scripts/images/build-images.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/images/build-images.sh failed (exit ${code})`))));
    });
  }
  const composeAvailable = await promisify(execFile)('docker-compose', ['version', '--short']).then(
    () => true,
    () => false,
  );
  if (!composeAvailable) log('docker-compose is not installed (apt-get install -y docker-compose): the shell contenders are left out');
  return { composeAvailable };
}
