/**
 * Start-up time: `etl-cycle --help` spawned N times in a row (after one warm-up spawn, so the
 * page cache is warm for every sample), next to a bare `node -e 0` for the share that is
 * Node's own. Wall time from spawn to exit.
 */
import { spawn } from 'node:child_process';
import { summarize } from '../support/summarize.js';
import type { Summary } from '../support/summarize.js';

export interface StartupResult {
  command: string;
  samples: number;
  seconds: Summary;
}

export async function measureStartup(cli: string, samples: number): Promise<StartupResult[]> {
  const targets = [
    { command: 'etl-cycle --help', args: [cli, '--help'] },
    { command: 'node -e 0 (baseline)', args: ['-e', '0'] },
  ];
  const results: StartupResult[] = [];
  for (const target of targets) {
    await timeSpawn(target.args);
    const times: number[] = [];
    for (let i = 0; i < samples; i += 1) times.push(await timeSpawn(target.args));
    results.push({ command: target.command, samples, seconds: summarize(times)! });
  }
  return results;
}

function timeSpawn(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}`));
      else resolve((performance.now() - started) / 1000);
    });
  });
}
