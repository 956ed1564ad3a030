/**
 * Readiness from inside the engine's network, on a second engine reached over TLS: a service
 * whose image has no shell cannot answer through exec, so a one-shot probe container on its
 * network does, and is gone afterwards. The stack is opened the way commands open it
 * (docker/open-stack.ts), with the engine chosen by DOCKER_HOST and the TLS variables.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../core/logger.js';
import { openStack } from '../../../docker/open-stack.js';
import type { ProjectModel } from '../../../docker/types.js';
import { BUSYBOX_IMAGE } from '../../support/docker.js';
import { secondEngineUnavailable, startSecondEngine } from '../../support/second-engine.js';
import type { SecondEngine } from '../../support/second-engine.js';
import { TEST_LABELS, plan, project, service } from '../docker/fixtures.js';

const NO_SHELL_IMAGE = 'etl-cycle-test/no-shell:1';
const unavailable = secondEngineUnavailable();
let engine: SecondEngine;

/** Only /bin/busybox: `sh -c` through exec fails as in a distroless image, yet the service can still sleep and serve. */
const noShellDockerfile = `FROM ${BUSYBOX_IMAGE} AS tools\nFROM scratch\nCOPY --from=tools /bin/busybox /bin/busybox\n`;
const slowServer = (port: number) => ['/bin/busybox', 'sh', '-c', `/bin/busybox sleep 2; exec /bin/busybox httpd -f -p ${port} -h /bin`];

function leftProbes(): string[] {
  return engine
    .docker(['ps', '-a', '--filter', 'label=etl-cycle.role=readiness-probe', '--format', '{{.Names}}'])
    .split('\n')
    .filter(Boolean);
}

async function open(model: ProjectModel, options: { probeImage?: string; warnings?: string[] } = {}) {
  const warnings = options.warnings ?? [];
  return openStack({
    project: model,
    executionId: 'probe-routes',
    extraLabels: TEST_LABELS,
    logger: createLogger({ consoleLevel: 'warn', consoleWrite: (line) => warnings.push(line) }),
    engine: { env: { ...engine.tlsEnv } },
    mode: 'auto',
    probe: 'engine',
    ...(options.probeImage ? { probeImage: options.probeImage } : {}),
  });
}

describe.skipIf(unavailable !== undefined)(`readiness from the engine's network${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    engine = await startSecondEngine({ tls: true });
    engine.loadImages([BUSYBOX_IMAGE]);
    engine.docker(['build', '-q', '-t', NO_SHELL_IMAGE, '-'], noShellDockerfile);
  });
  afterAll(async () => {
    await engine?.stop();
  });

  it('a shell-less service is checked by a probe container on its network, which is removed afterwards', async () => {
    const model = project('helper', [
      service('web', {
        image: NO_SHELL_IMAGE,
        command: slowServer(8080),
        ports: [{ containerPort: 8080, protocol: 'tcp', published: false }],
      }),
    ]);
    const { stack, engine: report } = await open(model, { probeImage: BUSYBOX_IMAGE });
    expect(report).toMatchObject({ endpoint: engine.tcpHost, tls: 'verified', mode: 'containers', readiness_probe: 'engine' });
    try {
      const result = await stack.up({ readiness: { web: plan({ type: 'ports' }) } });
      expect(result.services[0]!.readyAfterMs).toBeGreaterThanOrEqual(2_000);
      expect(result.services[0]!.detail).toMatch(/^\d+\.\d+\.\d+\.\d+:8080 from a probe container on helper-\S+_default accepted$/);
      expect(leftProbes()).toEqual([]);
    } finally {
      await stack.down({ removeVolumes: true });
    }
  });

  it('an HTTP check goes through the probe container too, and reads the status', async () => {
    const model = project('helper-http', [service('web', { image: NO_SHELL_IMAGE, command: slowServer(8081) })]);
    const { stack } = await open(model, { probeImage: BUSYBOX_IMAGE });
    try {
      const result = await stack.up({ readiness: { web: plan({ type: 'http', port: 8081, path: '/busybox', status: 200 }) } });
      expect(result.services[0]!.readyAfterMs).toBeGreaterThanOrEqual(2_000);
      expect(result.services[0]!.detail).toMatch(/^GET http:\/\/\d+\.\d+\.\d+\.\d+:8081\/busybox \(from a probe container\) answered 200$/);
      expect(leftProbes()).toEqual([]);
    } finally {
      await stack.down({ removeVolumes: true });
    }
  });

  it('with no way in (no shell, no probe image that can run, not published) the port is counted unchecked, with a warning', async () => {
    const warnings: string[] = [];
    const model = project('helper-none', [
      service('web', {
        image: NO_SHELL_IMAGE,
        command: slowServer(8082),
        ports: [{ containerPort: 8082, protocol: 'tcp', published: false }],
      }),
    ]);
    const { stack } = await open(model, { warnings });
    try {
      const result = await stack.up({ readiness: { web: plan({ type: 'ports' }) } });
      expect(result.services[0]!.detail).toBe('running; 8082/tcp not checkable');
      expect(warnings.join('\n')).toMatch(
        /service web: 8082\/tcp cannot be checked \(cannot check 8082\/tcp inside the container .*; a probe container from etl-cycle-test\/no-shell:1 could not start .*\); counting it as ready/,
      );
      expect(leftProbes()).toEqual([]);
    } finally {
      await stack.down({ removeVolumes: true });
    }
  });
});
