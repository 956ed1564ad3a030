/**
 * The orchestrator's program must exist: the first word of `orchestrator.command` on PATH (or
 * the file it names, relative to orchestrator.cwd). A typo here would otherwise only show up
 * after the services were rebuilt.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { EtlCycleConfig } from '../../config/types.js';
import { fail, ok } from './doctor-check.js';
import type { CheckResult } from './doctor-check.js';

export async function checkOrchestrator(config: EtlCycleConfig, env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const { command, workflow, cwd } = config.orchestrator;
  if (workflow !== undefined) return ok('orchestrator', `the built-in orchestrator, workflow ${workflow} (${config.tasks.length} task(s))`);
  if (typeof command === 'string') return ok('orchestrator', `a shell line, run by /bin/sh -c: ${command}`);
  const program = command?.[0];
  if (!program) return fail('orchestrator', 'no orchestrator.command');
  const found = await findProgram(program, cwd, env.PATH ?? '');
  return found
    ? ok('orchestrator', `${command.join(' ')} (${found})`)
    : fail(
        'orchestrator',
        `orchestrator.command: ${program} is not ${program.includes('/') ? `an executable file in ${cwd}` : 'on PATH'}: install it or fix the command`,
      );
}

async function findProgram(program: string, cwd: string, path: string): Promise<string | undefined> {
  const candidates = program.includes('/')
    ? [isAbsolute(program) ? program : resolve(cwd, program)]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, program));
  for (const candidate of candidates) {
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  return undefined;
}
