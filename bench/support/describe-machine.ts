/** The machine a benchmark ran on, for the results' header. */
import { execFile } from 'node:child_process';
import { cpus, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import type Docker from 'dockerode';

export interface MachineDescription {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  engine: string;
  compose: string;
}

const run = promisify(execFile);

export async function describeMachine(docker: Docker): Promise<MachineDescription> {
  const engine = await docker.version().then(
    (v) => `Docker Engine ${v.Version} (API ${v.ApiVersion})`,
    () => 'unknown',
  );
  const compose = await run('docker-compose', ['version', '--short']).then(
    (r) => `docker-compose ${r.stdout.trim()}`,
    () => 'docker-compose not installed',
  );
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    kernel: `Linux ${release()}`,
    node: `Node.js ${process.version}`,
    engine,
    compose,
  };
}

export function formatMachine(machine: MachineDescription): string {
  return `${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB RAM, ${machine.kernel}, ${machine.node}, ${machine.engine}, ${machine.compose}`;
}
