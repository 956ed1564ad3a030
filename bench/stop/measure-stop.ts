/**
 * The stop suite: how long etl-cycle takes to remove containers that ignore SIGTERM (BusyBox
 * `sh` as PID 1 does), through its own stack operations on the real engine — the precise timing
 * behind the integration test's loose bound. Each case is measured `samples` times:
 *   - one service with stop_grace_period 1s: about 1 s (the grace, then SIGKILL);
 *   - three independent services with 1 s each: about 1 s, not 3 (stopped in parallel);
 *   - a chain of three (c → b → a) with 1 s each: about 3 s (dependents first, level by level);
 *   - one service with a 10 s grace whose volume is dropped: no grace waited (its data goes anyway);
 *   - one service without stop_grace_period: the engine's 10 s (once, as the reference).
 */
import { silentLogger } from '../../core/logger.js';
import { connectEngine } from '../../docker/engine/dockerode-client.js';
import { createStack } from '../../docker/stack/create-stack.js';
import type { ProjectModel, ServiceModel } from '../../docker/types.js';
import { formatMarkdownTable } from '../support/markdown-table.js';
import { summarize } from '../support/summarize.js';
import type { Summary } from '../support/summarize.js';
import { BUSYBOX_IMAGE } from '../time-to-green/leftovers.js';
import { formatSummary } from '../time-to-green/format-time-to-green.js';

export interface StopCase {
  id: string;
  title: string;
  expected: string;
  samples: number;
  seconds: Summary;
}

interface CaseSpec {
  id: string;
  title: string;
  expected: string;
  samples: number;
  services: ServiceModel[];
  volumes?: ProjectModel['volumes'];
  removeVolumes?: boolean;
}

const IGNORES_SIGTERM = ['sh', '-c', 'while true; do sleep 1; done'];

function service(name: string, overrides: Partial<ServiceModel> = {}): ServiceModel {
  return {
    name,
    image: BUSYBOX_IMAGE,
    command: IGNORES_SIGTERM,
    environment: {},
    ports: [],
    volumes: [],
    dependsOn: [],
    labels: {},
    networks: ['default'],
    aliases: [],
    extraHosts: [],
    tty: false,
    stdinOpen: false,
    disabled: false,
    ...overrides,
  };
}

const after = (dependency: string) => [{ service: dependency, condition: 'service_started' as const, required: true }];

function cases(samples: number): CaseSpec[] {
  const grace = { stopGracePeriodMs: 1_000 };
  return [
    { id: 'one', title: 'one service, stop_grace_period 1s', expected: '≈ 1 s', samples, services: [service('a', grace)] },
    {
      id: 'parallel',
      title: 'three independent services, 1s each',
      expected: '≈ 1 s (in parallel)',
      samples,
      services: [service('a', grace), service('b', grace), service('c', grace)],
    },
    {
      id: 'chain',
      title: 'a chain of three (c → b → a), 1s each',
      expected: '≈ 3 s (dependents first)',
      samples,
      services: [service('a', grace), service('b', { ...grace, dependsOn: after('a') }), service('c', { ...grace, dependsOn: after('b') })],
    },
    {
      id: 'volume-dropped',
      title: 'one service, 10s grace, its volume dropped',
      expected: '≪ 1 s (no grace: the data goes anyway)',
      samples,
      services: [
        service('a', { stopGracePeriodMs: 10_000, volumes: [{ type: 'volume', source: 'data', target: '/data', readOnly: false }] }),
      ],
      volumes: [{ key: 'data', name: '', external: false, labels: {} }],
      removeVolumes: true,
    },
    {
      id: 'default',
      title: 'one service without stop_grace_period',
      expected: '≈ 10 s (the engine default)',
      samples: 1,
      services: [service('a')],
    },
  ];
}

export async function measureStop(options: { samples: number; sessionId: string; labels: Record<string, string> }): Promise<StopCase[]> {
  const engine = await connectEngine({ logger: silentLogger() });
  const results: StopCase[] = [];
  for (const spec of cases(options.samples)) {
    const times: number[] = [];
    for (let i = 0; i < spec.samples; i += 1) {
      const project: ProjectModel = {
        name: `ecb-stop-${options.sessionId}-${spec.id}-${i}`,
        workingDir: process.cwd(),
        services: spec.services,
        networks: [],
        volumes: spec.volumes ?? [],
      };
      const stack = createStack({ engine, project, executionId: 'bench', extraLabels: options.labels, logger: silentLogger() });
      const readiness = Object.fromEntries(
        spec.services.map((s) => [s.name, { strategy: { type: 'none' as const }, timeoutMs: 30_000, settleMs: 0 }]),
      );
      try {
        await stack.up({ readiness });
        const began = performance.now();
        await stack.cleanup({ removeVolumes: spec.removeVolumes ?? false, removeOrphans: false });
        times.push((performance.now() - began) / 1000);
      } finally {
        await stack.down({ removeVolumes: true });
      }
    }
    results.push({ id: spec.id, title: spec.title, expected: spec.expected, samples: spec.samples, seconds: summarize(times)! });
  }
  return results;
}

export function formatStopTable(results: readonly StopCase[]): string {
  return formatMarkdownTable(
    ['containers that ignore SIGTERM', 'expected', 'samples', 'removal: median (min–max)'],
    results.map((r) => [r.title, r.expected, String(r.samples), formatSummary(r.seconds, (v) => `${v.toFixed(2)} s`)]),
    ['left', 'left', 'right', 'right'],
  );
}
