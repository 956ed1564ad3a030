/**
 * What the engine knows about a container, as matches (pattern ids `engine.*`, source
 * `engine`): a process killed by the kernel's OOM killer prints nothing, and a segfault often
 * prints nothing either, yet both are the root cause of everything after them.
 *
 * - OOMKilled → `engine.oom_killed` (out_of_memory), whatever the exit code: Docker sets the
 *   flag when the kernel killed a process of the container for memory (usually exit 137).
 * - Exit 128+n for a fatal signal n → crash: 139 `engine.segfault`, 134 `engine.abort`,
 *   137 without OOMKilled `engine.killed` (SIGKILL from something else), 132/133/135/136/159
 *   `engine.fatal_signal`. Exits by SIGTERM/SIGINT/SIGHUP/SIGPIPE (143/130/129/141) are
 *   orderly stops (ours, mostly), and plain non-zero exits say nothing the output does not.
 * - Health `unhealthy` → `engine.unhealthy` (service_starting), weak: a failing healthcheck is
 *   most often a service still starting (the adjustment waits for health), but any explanation
 *   from the output (its logs, the orchestrator) is better, so it decides only when nothing
 *   else matched.
 */
import type { ErrorClassId } from '../../core/error-classes.js';
import type { ContainerFacts } from '../types.js';
import { FATAL_SIGNALS } from './fatal-signals.js';

export const ENGINE_SOURCE = 'engine';

export interface FactMatch {
  pattern: string;
  class: ErrorClassId;
  weak: boolean;
  text: string;
  captures: Record<string, string>;
  hint: string;
}

export function containerFactMatches(facts: ContainerFacts): FactMatch[] {
  const { service } = facts;
  const found: FactMatch[] = [];
  const exit = facts.exitCode;
  if (facts.oomKilled) {
    found.push({
      pattern: 'engine.oom_killed',
      class: 'out_of_memory',
      weak: false,
      text: `container of service ${service} was killed by the kernel OOM killer${exit === null ? '' : ` (exit code ${exit})`}`,
      captures: { service, ...(exit === null ? {} : { status: String(exit) }) },
      hint: `Service "${service}" ran out of memory and was killed: raise its memory limit (mem_limit) or lower the load's parallelism.`,
    });
  } else if (exit !== null && exit > 128 && FATAL_SIGNALS[exit - 128] !== undefined) {
    const signal = FATAL_SIGNALS[exit - 128] ?? '';
    const pattern =
      signal === 'SIGSEGV'
        ? 'engine.segfault'
        : signal === 'SIGABRT'
          ? 'engine.abort'
          : signal === 'SIGKILL'
            ? 'engine.killed'
            : 'engine.fatal_signal';
    found.push({
      pattern,
      class: 'crash',
      weak: false,
      text: `container of service ${service} exited with code ${exit} (killed by ${signal})`,
      captures: { service, status: String(exit), signal },
      hint:
        signal === 'SIGKILL'
          ? `Service "${service}" was killed by SIGKILL without an OOM kill: look for a host OOM killer or something stopping it.`
          : `Service "${service}" crashed with ${signal}: check its logs and image version; a repeat means a real bug, not a transient.`,
    });
  }
  if (facts.health === 'unhealthy') {
    found.push({
      pattern: 'engine.unhealthy',
      class: 'service_starting',
      weak: true,
      text: `container of service ${service} is unhealthy (its healthcheck fails)`,
      captures: { service },
      hint: `Service "${service}" fails its healthcheck: wait for it to become healthy before orchestrating, or check its logs.`,
    });
  }
  return found;
}
