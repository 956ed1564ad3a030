/**
 * What a process's exit code alone says, by the conventions of shells and of `timeout(1)`:
 * 124 the command timed out, 126 it could not be executed, 127 it was not found, 128+n it died
 * of signal n (139 segfault, 134 abort, 137 SIGKILL, ...). 124, 126 and 127 count only when the
 * output has no error line of its own (other programs reuse these codes). These are weak matches (pattern ids
 * `exit.*`): the output nearly always says more, and says it better; they decide only when no
 * line did. Exits by SIGINT, SIGTERM, SIGHUP and SIGPIPE (130, 143, 129, 141) are orderly
 * stops, and other codes carry no convention, so they add nothing.
 */
import type { ErrorClassId } from '../../core/error-classes.js';
import type { FactMatch } from './container-fact-matches.js';
import { FATAL_SIGNALS } from './fatal-signals.js';

export interface ExitCodeContext {
  /** The output has an error line of its own (likely-cause.ts): then 124/126/127 say less than it does. */
  outputSaidWhy: boolean;
}

export function exitCodeFacts(source: string, exitCode: number | null | undefined, context: ExitCodeContext): FactMatch[] {
  if (exitCode === null || exitCode === undefined) return [];
  // 124, 126 and 127 are conventions other programs reuse with other meanings (bash exits 127 on
  // an unbound variable, docker 126 on a missing binary); a signal, by contrast, is a fact.
  if (context.outputSaidWhy && exitCode >= 124 && exitCode <= 127) return [];
  const fact = (pattern: string, klass: ErrorClassId, what: string, hint: string, signal?: string): FactMatch[] => [
    {
      pattern,
      class: klass,
      weak: true,
      text: `${source} exited with code ${exitCode} (${what})`,
      captures: signal === undefined ? { status: String(exitCode) } : { status: String(exitCode), signal },
      hint,
    },
  ];
  if (exitCode === 124) {
    return fact(
      'exit.timeout',
      'timeout',
      'timed out',
      'The command was stopped by a timeout (exit 124): give it more time or find what it waits for.',
    );
  }
  if (exitCode === 126) {
    return fact(
      'exit.not_executable',
      'permission_denied',
      'not executable',
      'A command could not be executed (exit 126): check its execute permission and interpreter line.',
    );
  }
  if (exitCode === 127) {
    return fact(
      'exit.command_not_found',
      'file_not_found',
      'command not found',
      'A command was not found (exit 127): install it or fix its name or PATH.',
    );
  }
  const signal = exitCode > 128 ? FATAL_SIGNALS[exitCode - 128] : undefined;
  if (signal === undefined) return [];
  return fact(
    'exit.signal',
    'crash',
    `killed by ${signal}`,
    signal === 'SIGKILL'
      ? `The process was killed by SIGKILL (exit ${exitCode}): often the kernel's OOM killer; check memory limits and dmesg.`
      : `The process crashed with ${signal} (exit ${exitCode}): check its logs and version; a repeat means a real bug.`,
    signal,
  );
}
