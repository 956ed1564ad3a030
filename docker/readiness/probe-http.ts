import { request } from 'node:http';
import { formatDuration } from '../../core/duration.js';

export type HttpAnswer = { status: number } | { error: string };

/** One GET; the status code, or why there was none ("connection refused (ECONNREFUSED)", "socket hang up (ECONNRESET)"). */
export function probeHttp(
  host: string,
  port: number,
  path: string,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(answer);
    };
    const req = request(
      { host, port, path, method: 'GET', signal: options.signal, headers: { 'user-agent': 'etl-cycle readiness' } },
      (res) => {
        res.resume();
        finish({ status: res.statusCode ?? 0 });
      },
    );
    const timer = setTimeout(() => finish({ error: `no answer within ${formatDuration(options.timeoutMs)} (timeout)` }), options.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      const what = error.code === 'ECONNREFUSED' ? 'connection refused' : error.message;
      finish({ error: error.code ? `${what} (${error.code})` : what });
    });
    req.end();
  });
}
