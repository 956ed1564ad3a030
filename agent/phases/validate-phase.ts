/**
 * Step 5: success counts only if the stack is still the one the iteration built and every
 * configured check passes, after a zero exit code.
 * A failed check's output is fed to the classifier under its own source name, so a check that
 * fails with "relation does not exist" is diagnosed like the orchestrator would be.
 */
import { stat } from 'node:fs/promises';
import { errorMessage } from '../../core/errors.js';
import { runProcess } from '../../process/run-process.js';
import type { ValidationCheck } from '../../config/types.js';
import type { StreamClassifier } from '../../patterns/types.js';
import type { RunEnvironment } from '../run-environment.js';
import { stackChanges } from '../stack-witness.js';
import { ORCHESTRATOR_SOURCE } from './orchestrate-phase.js';

export interface ValidationOutcome {
  name: string;
  passed: boolean;
  detail: string | null;
}

export async function runValidatePhase(
  env: RunEnvironment,
  classifier: StreamClassifier,
  logFile: string,
  signal: AbortSignal,
): Promise<ValidationOutcome[]> {
  const outcomes: ValidationOutcome[] = [];
  // First: the stack the orchestrator ran against must still be the one this iteration built.
  if (env.stackWitness.containers.length > 0) {
    const stack = await checkStackUnchanged(env, classifier);
    env.logger.info(`validation ${stack.passed ? 'passed' : 'failed'}: ${stack.name}`, { detail: stack.detail });
    outcomes.push(stack);
    if (!stack.passed) return outcomes;
  }
  for (const check of env.config.validations) {
    signal.throwIfAborted();
    const outcome = await runCheck(env, check, classifier, logFile, signal);
    env.logger.info(`validation ${outcome.passed ? 'passed' : 'failed'}: ${check.name}`, { detail: outcome.detail });
    outcomes.push(outcome);
    if (!outcome.passed) break; // later checks usually depend on earlier ones; their failures would be noise
  }
  return outcomes;
}

async function runCheck(
  env: RunEnvironment,
  check: ValidationCheck,
  classifier: StreamClassifier,
  logFile: string,
  signal: AbortSignal,
): Promise<ValidationOutcome> {
  const source = `validation:${check.name}`;
  switch (check.type) {
    case 'command': {
      const result = await runProcess({
        command: check.command,
        cwd: check.cwd,
        env: check.env,
        timeoutMs: check.timeoutMs,
        signal,
        logFile,
        logMaxBytes: env.config.logs.maxBytes,
      });
      if (!result.success) {
        classifier.write(source, `${result.outputTail}\n${result.spawnError ?? ''}\n`);
        classifier.end(source);
      }
      const why =
        result.spawnError ??
        (result.timedOut ? `timed out after ${check.timeoutMs / 1000}s` : `exit code ${result.exitCode ?? result.signal}`);
      return { name: check.name, passed: result.success, detail: result.success ? null : `${result.commandLine}: ${why}` };
    }
    case 'file_exists': {
      try {
        const info = await stat(check.path);
        if (check.nonEmpty && info.size === 0) return { name: check.name, passed: false, detail: `${check.path} is empty` };
        return { name: check.name, passed: true, detail: null };
      } catch (error) {
        classifier.write(source, `ENOENT: no such file or directory, stat '${check.path}'\n`);
        classifier.end(source);
        return {
          name: check.name,
          passed: false,
          detail: `${check.path}: ${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}`,
        };
      }
    }
    case 'exec': {
      try {
        const result = await env.stack.exec(check.service, check.command, { timeoutMs: check.timeoutMs, signal });
        const outputOk = check.expectOutput === undefined || new RegExp(check.expectOutput, 'm').test(result.output);
        const passed = result.exitCode === 0 && !result.timedOut && outputOk;
        if (!passed) {
          classifier.write(source, `${result.output}\n`);
          classifier.end(source);
        }
        const detail = passed
          ? null
          : result.timedOut
            ? `timed out after ${check.timeoutMs / 1000}s`
            : result.exitCode !== 0
              ? `exit code ${result.exitCode}: ${lastLine(result.output)}`
              : `output did not match /${check.expectOutput}/: ${lastLine(result.output)}`;
        return { name: check.name, passed, detail };
      } catch (error) {
        signal.throwIfAborted();
        classifier.write(source, `${errorMessage(error)}\n`);
        classifier.end(source);
        return { name: check.name, passed: false, detail: errorMessage(error) };
      }
    }
    case 'output_clean': {
      const found = classifier.result({ failed: true });
      const offending = found.primaryMatch && found.primaryMatch.source === ORCHESTRATOR_SOURCE ? found.primaryMatch : undefined;
      return offending
        ? { name: check.name, passed: false, detail: `${offending.class} at orchestrator line ${offending.line}: ${offending.text}` }
        : { name: check.name, passed: true, detail: null };
    }
  }
}

export const STACK_CHECK = 'stack unchanged';

/**
 * The containers built for this iteration are still there, still the same (ids), and none has
 * stopped unless Compose says it may (a one-shot job that exited 0, a restart policy). What
 * changed is fed to the classifier as a line and left for the planner in the facts
 * (collect-failure-facts.ts reads the same witness).
 */
async function checkStackUnchanged(env: RunEnvironment, classifier: StreamClassifier): Promise<ValidationOutcome> {
  const source = `validation:${STACK_CHECK}`;
  let changes;
  try {
    changes = stackChanges(env.stackWitness.containers, await env.stack.containerStates(), env.project);
  } catch (error) {
    // Not knowing is not green.
    const detail = `could not read the containers' states to check them: ${errorMessage(error)}`;
    classifier.write(source, `${detail}\n`);
    classifier.end(source);
    return { name: STACK_CHECK, passed: false, detail };
  }
  if (changes.length === 0) return { name: STACK_CHECK, passed: true, detail: null };
  for (const change of changes) classifier.write(source, `etl-cycle: ${change.detail}\n`);
  classifier.end(source);
  return { name: STACK_CHECK, passed: false, detail: changes.map((c) => c.detail).join('; ') };
}

function lastLine(text: string): string {
  const lines = text.trim().split(/\r?\n/);
  return lines[lines.length - 1] ?? '';
}
