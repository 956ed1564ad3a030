import { runExec } from '../engine/run-exec.js';
import type { ProbeContext } from './wait-strategy.js';

export type InContainerVerdict = { status: 'listening' | 'not-listening'; detail: string } | { status: 'unavailable'; detail: string };

/**
 * Whether something listens on a TCP port inside the container, asked inside it through exec:
 * a socket in LISTEN state (st 0A) in /proc/net/tcp or tcp6, which only the container's own network
 * namespace shows and no proxy can fake; `nc` is the fallback where grep or /proc is missing.
 * Exit 127/126 (no shell, no tool) means this container cannot answer the question.
 */
function listenCheckScript(port: number): string {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return [
    `if command -v grep >/dev/null 2>&1 && [ -r /proc/net/tcp ]; then`,
    `  grep -qiE '^ *[0-9]+: [0-9A-F]+:${hex} [0-9A-F]+:[0-9A-F]+ 0A ' /proc/net/tcp /proc/net/tcp6 2>/dev/null && exit 0; exit 1`,
    `fi`,
    `command -v nc >/dev/null 2>&1 || exit 127`,
    `nc -w 1 127.0.0.1 ${port} </dev/null >/dev/null 2>&1`,
  ].join('\n');
}

export async function probeListeningInContainer(ctx: ProbeContext, port: number, timeoutMs: number): Promise<InContainerVerdict> {
  const result = await runExec(ctx.engine, ctx.logger, ctx.container.id, ['sh', '-c', listenCheckScript(port)], {
    timeoutMs,
    signal: ctx.signal,
  });
  if (result.timedOut)
    return { status: 'not-listening', detail: `${port}/tcp listening check inside the container did not finish in time` };
  if (result.exitCode === 0) return { status: 'listening', detail: `${port}/tcp listening inside the container` };
  if (result.exitCode === 1)
    return { status: 'not-listening', detail: `${port}/tcp not listening inside the container (connection refused)` };
  // Killed (128+: the container stopping, an OOM kill): not an answer, and no reason to stop asking.
  if (result.exitCode >= 128)
    return { status: 'not-listening', detail: `${port}/tcp listening check inside the container was killed (exit ${result.exitCode})` };
  // An exec that could not start is a fact about this container only while it still runs: the
  // engine answers 126 ("cannot exec in a stopped container") when the container is dying, e.g.
  // killed for memory a moment after it was listed. Taken as "no way in", the port would be counted
  // ready unchecked and an out-of-memory kill would pass for a healthy start.
  const detail = `cannot check ${port}/tcp inside the container (exit ${result.exitCode}: ${result.output.trim().split('\n').pop() ?? ''})`;
  const container = await ctx.engine.inspectContainer(ctx.container.id).catch(() => undefined);
  if (!container?.state.running) return { status: 'not-listening', detail: `${port}/tcp not checked: the container is no longer running` };
  // 127: no shell or no nc; 126: the shell cannot be run. Any other code (none recorded) is no answer yet.
  if (result.exitCode === 126 || result.exitCode === 127) return { status: 'unavailable', detail };
  return { status: 'not-listening', detail };
}
