/**
 * Readiness against real containers: the strategies, the deadline, the userland-proxy trap, and
 * a container that dies while it is waited for.
 */
import { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortedError } from '../../../core/errors.js';
import { StackUpError } from '../../../docker/errors.js';
import type { PortProbeMode } from '../../../docker/readiness/port-probe-mode.js';
import type { ProjectModel } from '../../../docker/types.js';
import { testDocker } from '../../support/docker.js';
import { eventLog, forceRemoveProject, leftovers, plan, project, service, slowHttpd, testStack } from './fixtures.js';

const created: ProjectModel[] = [];
function track(model: ProjectModel): ProjectModel {
  created.push(model);
  return model;
}
afterEach(async () => {
  for (const model of created.splice(0)) {
    await (await testStack(model)).down({ removeVolumes: true });
    expect(await leftovers(model.name)).toEqual({ containers: [], networks: [], volumes: [] });
    await forceRemoveProject(model.name);
  }
});

async function upError(promise: Promise<unknown>): Promise<StackUpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StackUpError);
  return error as StackUpError;
}

/** Connects to a host port and reports whether the connection was accepted (by anyone, the proxy included). */
function rawConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect({ host: '127.0.0.1', port });
  });
}

describe('readiness', () => {
  it('a deadline shorter than the start fails with what the check saw, readable by a classifier', async () => {
    const model = track(
      project('deadline', [
        service('web', { command: slowHttpd(8080, 30), ports: [{ containerPort: 8080, protocol: 'tcp', published: false }] }),
      ]),
    );
    const stack = await testStack(model);
    const error = await upError(stack.up({ readiness: { web: plan({ type: 'auto' }, 1_500) } }));
    expect(error.stage).toBe('readiness');
    expect(error.service).toBe('web');
    expect(error.detail).toMatch(/^service web not ready after 1\.5s: \d+\.\d+\.\d+\.\d+:8080 connection refused \(ECONNREFUSED\)$/);
    expect(error.containerState).toMatchObject({ service: 'web', running: true });
    expect(error.message).toContain('service web: readiness failed: service web not ready after 1.5s');
  });

  // The engine's userland proxy accepts on a published port before anything listens inside; a
  // bare connect to the host port would call the service ready 3 s early. Every probe mode that
  // can work here must see through it.
  for (const mode of ['from-host', 'from-engine', 'in-container', 'helper-container', 'host-port'] as PortProbeMode[]) {
    it(`does not fall for the port proxy (${mode})`, async () => {
      const model = track(
        project(`proxy-${mode}`, [
          service('web', { command: slowHttpd(8080, 3), ports: [{ containerPort: 8080, protocol: 'tcp', published: true }] }),
        ]),
      );
      const stack = await testStack(model, { portProbe: mode });
      let proxyAccepted: Promise<boolean> | undefined;
      const result = await stack.up({
        readiness: { web: plan({ type: 'ports' }) },
        onEvent: (event) => {
          if (event.phase !== 'waiting' || proxyAccepted) return;
          proxyAccepted = testDocker()
            .getContainer(`${model.name}-web-1`)
            .inspect()
            .then((info) => rawConnect(Number(info.NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort)));
        },
      });
      // The trap is real: the host port accepted while the service was still sleeping...
      expect(await proxyAccepted).toBe(true);
      // ...and readiness waited for the listener all the same.
      expect(result.services[0]!.readyAfterMs).toBeGreaterThanOrEqual(3_000);
    });
  }

  it('log, http and exec strategies wait for their condition', async () => {
    const model = track(
      project('strategies', [
        service('logger', {
          command: ['sh', '-c', 'echo booting; sleep 1; echo "ready to serve"; sleep 1; echo "ready to serve"; exec sleep 300'],
        }),
        service('web', { command: ['sh', '-c', 'mkdir -p /www; httpd -p 8080 -h /www; sleep 2; echo ok > /www/health; exec sleep 300'] }),
        // The busybox image is FROM scratch: no /tmp, so the flag goes to /.
        service('flag', { command: ['sh', '-c', 'sleep 1; touch /ready; exec sleep 300'] }),
      ]),
    );
    const stack = await testStack(model);
    const { events, onEvent } = eventLog();
    const result = await stack.up({
      readiness: {
        logger: plan({ type: 'log', pattern: '^ready to serve$', times: 2 }),
        web: plan({ type: 'http', port: 8080, path: '/health', status: 200 }),
        flag: plan({ type: 'exec', command: ['test', '-f', '/ready'] }),
      },
      onEvent,
    });
    const byService = Object.fromEntries(result.services.map((s) => [s.service, s]));
    expect(byService.logger!.readyAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(byService.logger!.detail).toBe('log /^ready to serve$/ seen 2 times');
    expect(byService.web!.readyAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(byService.web!.detail).toMatch(/^GET http:\/\/.+:8080\/health answered 200$/);
    expect(byService.flag!.readyAfterMs).toBeGreaterThanOrEqual(1_000);
    expect(byService.flag!.detail).toBe('`test -f /ready` exited 0');
    // What the checks saw on the way is in the progress events.
    const seen = events.filter((e) => e.phase === 'waiting').map((e) => `${e.service}: ${e.detail ?? ''}`);
    expect(seen).toContain('logger: log /^ready to serve$/ seen 1 of 2 times; last line: ready to serve');
    expect(seen.some((s) => /^web: GET .*answered 404 \(expected 200\)$/.test(s))).toBe(true);
    expect(seen).toContain('flag: `test -f /ready` exited 1');
  });

  it('a healthcheck with a long interval is not waited out: its test runs early through exec', async () => {
    // The engine would run this check only once a minute; the service is healthy after ~1 s.
    const model = track(
      project('slow-health', [
        service('svc', {
          command: ['sh', '-c', 'sleep 1; touch /ready; exec sleep 600'],
          healthcheck: { test: ['CMD-SHELL', 'test -f /ready'], intervalMs: 60_000, timeoutMs: 5_000, retries: 3 },
          stopGracePeriodMs: 1_000,
        }),
      ]),
    );
    const stack = await testStack(model);
    const result = await stack.up({ readiness: { svc: plan({ type: 'auto' }, 30_000) } });
    expect(result.services[0]).toMatchObject({ ready: true, detail: "health: healthy (its check passed before the engine's next run)" });
    // The engine itself has not run its check yet (first run after 60 s).
    expect((await stack.containerStates())[0]).toMatchObject({ health: 'starting' });
  });

  it('a container exiting non-zero while waited for ends the wait at once, with its state and logs', async () => {
    const model = track(project('crash', [service('job', { command: ['sh', '-c', 'echo "fatal: config missing" >&2; sleep 1; exit 3'] })]));
    const stack = await testStack(model);
    const { events, onEvent } = eventLog();
    const error = await upError(stack.up({ readiness: { job: plan({ type: 'log', pattern: 'started' }, 60_000) }, onEvent }));
    expect(error.stage).toBe('readiness');
    expect(error.detail).toBe('container exited with code 3 while waiting for readiness');
    expect(error.containerState).toMatchObject({ running: false, status: 'exited', exitCode: 3, oomKilled: false });
    expect(error.logsTail).toContain('fatal: config missing');
    expect(events.slice(-2).map((e) => `${e.phase} ${e.detail ?? ''}`)).toEqual([
      'exited exit 3',
      'failed container exited with code 3 while waiting for readiness',
    ]);
  });

  it('an OOM kill under a small memory limit is reported as such', async () => {
    const model = track(
      project('oom', [
        service('hog', {
          command: ['sh', '-c', 'echo allocating; x=$(head -c 200000000 /dev/zero | tr "\\0" a); echo survived; sleep 300'],
          memLimitBytes: 64 * 1024 * 1024,
        }),
      ]),
    );
    const stack = await testStack(model);
    // The override wins over the model's limit (an out_of_memory adjustment lowers or raises it).
    const error = await upError(
      stack.up({ readiness: { hog: plan({ type: 'none' }, 60_000, 3_000) }, memoryOverrides: { hog: 8 * 1024 * 1024 } }),
    );
    expect(error.stage).toBe('readiness');
    expect(error.containerState).toMatchObject({ running: false, oomKilled: true, exitCode: 137, memLimitBytes: 8 * 1024 * 1024 });
    expect(error.detail).toContain('OOMKilled (out of memory)');
    const [state] = await stack.containerStates();
    // The engine's OOMKilled flag on a later inspect is not reliable (seen false once in ~6 CI runs
    // after the kill was reported): the decision above is what the agent acts on.
    expect(state).toMatchObject({ service: 'hog', running: false, exitCode: 137, memLimitBytes: 8 * 1024 * 1024 });
  });

  it('an abort during readiness throws the signal reason and leaves the containers for the caller', async () => {
    const model = track(
      project('abort', [
        service('web', { command: slowHttpd(8080, 60), ports: [{ containerPort: 8080, protocol: 'tcp', published: false }] }),
      ]),
    );
    const stack = await testStack(model);
    const controller = new AbortController();
    const reason = new AbortedError('signal', 'SIGINT');
    const outcome = stack
      .up({
        readiness: { web: plan({ type: 'auto' }, 60_000) },
        signal: controller.signal,
        onEvent: (event) => {
          if (event.phase === 'waiting') controller.abort(reason);
        },
      })
      .then(
        () => 'resolved',
        (e: unknown) => e,
      );
    expect(await outcome).toBe(reason);
    const [state] = await stack.containerStates();
    expect(state).toMatchObject({ service: 'web', running: true });
  });
});
