import { Socket } from 'node:net';
import { formatDuration } from '../../core/duration.js';
import type { ProbeResult } from './wait-strategy.js';

const WHAT_CODE_MEANS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
};

export interface ProbeTcpOptions {
  timeoutMs: number;
  /**
   * After connecting, the peer must keep the connection open this long. A published port is
   * answered by the engine's userland proxy even when nothing listens in the container; the proxy
   * then closes the connection at once ("server closed the connection unexpectedly"), which a
   * real server waiting for its client does not do.
   */
  holdMs?: number;
  signal: AbortSignal;
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** One TCP connection attempt, described the way a classifier reads it: "172.18.0.2:5432 connection refused (ECONNREFUSED)". */
export function probeTcp(host: string, port: number, options: ProbeTcpOptions): Promise<ProbeResult> {
  const address = formatAddress(host, port);
  return new Promise((resolve) => {
    const socket = new Socket();
    let holdTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(connectTimer);
      clearTimeout(holdTimer);
      options.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish({ ok: false, detail: `${address} check stopped` });
    const connectTimer = setTimeout(
      () => finish({ ok: false, detail: `${address} no answer within ${formatDuration(options.timeoutMs)} (timeout)` }),
      options.timeoutMs,
    );
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      clearTimeout(connectTimer);
      if (!options.holdMs) {
        finish({ ok: true, detail: `${address} accepting connections` });
        return;
      }
      holdTimer = setTimeout(() => finish({ ok: true, detail: `${address} accepting connections` }), options.holdMs);
      const closedEarly = () =>
        finish({
          ok: false,
          detail: `${address} connection closed by the peer right after accepting (nothing listening behind the port proxy yet)`,
        });
      socket.once('end', closedEarly);
      socket.once('close', closedEarly);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'error';
      finish({ ok: false, detail: `${address} ${WHAT_CODE_MEANS[code] ?? error.message} (${code})` });
    });
    // Data a server sends first (a greeting) is not ours to read; keep the socket flowing.
    socket.on('data', () => undefined);
    if (options.signal.aborted) {
      onAbort();
      return;
    }
    socket.connect({ host, port });
  });
}
