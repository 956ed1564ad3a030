/**
 * `etl-cycle serve` of the built CLI: it refuses an open address without a token (exit 2, one
 * line); started, it runs a run through the API (202 with the id, a second POST 409 with the
 * holder), streams its log to the end, answers /health from the ledger, and the run wrote its
 * metrics.textfile; DELETE stops a long run as Ctrl-C does (it ends aborted).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { readEvents, serveTestKit } from '../support/serve-process.js';

const kit = serveTestKit();

const config = `compose: false
orchestrator:
  command: [sh, -c, "echo extracting; if [ -f long ]; then sleep 60; fi; echo loaded"]
loop:
  max_iterations: 2
git:
  mode: "off"
metrics:
  textfile: metrics/etl_cycle.prom
`;

describe('etl-cycle serve', () => {
  it('refuses another address than 127.0.0.1 without a token, and an unreadable token file, with one line and exit 2', async () => {
    const project = await kit.project({ prefix: 'serve-refuse', config });
    const open = await runCli(['serve', '--host', '0.0.0.0', '--port', '0'], { cwd: project.dir, timeoutMs: 30_000 });
    expect(open.exitCode).toBe(2);
    expect(open.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/--host 0\.0\.0\.0: .*needs a token; set ETL_CYCLE_TOKEN or pass --token-file/),
    ]);
    const missing = await runCli(['serve', '--host', '0.0.0.0', '--token-file', 'no-such-file'], { cwd: project.dir, timeoutMs: 30_000 });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^etl-cycle: --token-file no-such-file: cannot read it \(ENOENT\)/);
  });

  it('starts a run through the API, refuses a second, streams the log, then cancels a long run', async () => {
    const project = await kit.project({ prefix: 'serve-api', config });
    const server = await kit.serve(project.dir, [], { ETL_CYCLE_TOKEN: 'tok-123' });
    const auth = { authorization: 'Bearer tok-123', 'content-type': 'application/json' };
    const post = (body: unknown) => fetch(`${server.url}/api/runs`, { method: 'POST', headers: auth, body: JSON.stringify(body) });

    expect((await fetch(`${server.url}/health`)).status).toBe(503);
    const started = await post({ max_iterations: 1 });
    expect(started.status).toBe(202);
    const { execution_id: id } = (await started.json()) as { execution_id: string };
    expect(id).toMatch(/^\d{8}_\d{6}_[a-z0-9]{4}$/);
    const second = await post({});
    if (second.status === 409)
      expect(await second.json()).toMatchObject({ error: 'conflict', holder: { execution_id: id, command: 'run' } });
    else expect(second.status, 'the first run may only have ended already').toBe(202);

    const log = await readEvents(`${server.url}/api/runs/${id}/log?follow=1`, auth);
    expect(log.end).toEqual({ execution_id: id, state: 'success' });
    expect(log.lines.join('\n')).toContain('loaded');
    await expect.poll(async () => (await fetch(`${server.url}/health`)).status, { timeout: 5000 }).toBe(200);
    const shown = (await (await fetch(`${server.url}/api/runs/${id}`, { headers: auth })).json()) as {
      trigger: string;
      state: string;
      max_iterations: number;
    };
    expect(shown).toMatchObject({ trigger: 'api', state: 'success', max_iterations: 1 });
    const prom = await readFile(join(project.dir, 'metrics', 'etl_cycle.prom'), 'utf8');
    expect(prom).toMatch(new RegExp(`etl_cycle_runs_total\\{state="success",project="${project.name}"\\} [12]\\n`));

    // Wait for a possible second run to end before the long one.
    await expect
      .poll(async () => (await (await fetch(`${server.url}/metrics`)).text()).includes(`etl_cycle_running{project="${project.name}"} 0`), {
        timeout: 30_000,
      })
      .toBe(true);
    await writeFile(join(project.dir, 'long'), '');
    const long = await post({ workflow: undefined });
    expect(long.status).toBe(202);
    const longId = ((await long.json()) as { execution_id: string }).execution_id;
    const following = readEvents(`${server.url}/api/runs/${longId}/log?follow=1`, auth);
    await expect
      .poll(async () => (await fetch(`${server.url}/api/runs/${longId}/log`, { headers: auth })).text(), { timeout: 20_000 })
      .toContain('extracting');
    const cancelled = await fetch(`${server.url}/api/runs/${longId}`, { method: 'DELETE', headers: auth });
    expect(cancelled.status).toBe(202);
    expect((await following).end).toEqual({ execution_id: longId, state: 'aborted' });
    expect((await fetch(`${server.url}/api/runs/${longId}`, { method: 'DELETE', headers: auth })).status).toBe(409);
    expect(await server.stop()).toBe(0);
  });
});
