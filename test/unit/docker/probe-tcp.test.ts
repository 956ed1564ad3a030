/** The TCP probe against servers on loopback: refused, accepted, and the proxy-like accept-then-close. */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeTcp } from '../../../docker/readiness/probe-tcp.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A loopback server; `closeAtOnce` behaves like the engine's port proxy with nothing behind it. */
async function listen(closeAtOnce: boolean): Promise<number> {
  const server = createServer((socket) => {
    if (closeAtOnce) socket.destroy();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const port = await listen(false);
  await new Promise((resolve) => servers.pop()!.close(resolve));
  return port;
}

const signal = new AbortController().signal;

describe('probeTcp', () => {
  it('says connection refused the way a classifier reads it', async () => {
    const port = await closedPort();
    expect(await probeTcp('127.0.0.1', port, { timeoutMs: 2_000, signal })).toEqual({
      ok: false,
      detail: `127.0.0.1:${port} connection refused (ECONNREFUSED)`,
    });
  });

  it('accepts a plain connect', async () => {
    const port = await listen(false);
    expect(await probeTcp('127.0.0.1', port, { timeoutMs: 2_000, signal })).toEqual({
      ok: true,
      detail: `127.0.0.1:${port} accepting connections`,
    });
  });

  it('with holdMs, a peer that closes right after accepting is not ready, one that keeps the connection is', async () => {
    const proxyLike = await listen(true);
    const result = await probeTcp('127.0.0.1', proxyLike, { timeoutMs: 2_000, holdMs: 300, signal });
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(
      `127.0.0.1:${proxyLike} connection closed by the peer right after accepting (nothing listening behind the port proxy yet)`,
    );
    const real = await listen(false);
    expect(await probeTcp('127.0.0.1', real, { timeoutMs: 2_000, holdMs: 100, signal })).toMatchObject({ ok: true });
  });

  it('formats IPv6 addresses with brackets', async () => {
    const port = await closedPort();
    const result = await probeTcp('::1', port, { timeoutMs: 2_000, signal });
    expect(result.detail.startsWith(`[::1]:${port} `)).toBe(true);
  });
});
