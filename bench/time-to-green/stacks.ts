/**
 * The benchmark's stacks (bench/stacks/<id>/): where each lives, the host ports its Compose file
 * reads, the orchestrator every contender runs on it, what a run must add to its environment, and
 * its floor (the same containers created directly; keep them in step with its compose.yaml).
 */
import { join } from 'node:path';
import type Docker from 'dockerode';
import { BUSYBOX_IMAGE, POSTGRES_IMAGE } from './leftovers.js';
import { databaseAnswers, httpAnswers } from './run-floor.js';
import type { FloorContext, StackFloor } from './run-floor.js';

export const STACK_IDS = ['warehouse', 'flaky-upstream', 'chain'] as const;
export type StackId = (typeof STACK_IDS)[number];

export interface BenchStack {
  id: StackId;
  title: string;
  /** Host-port variables of its Compose file: every run gets free ports for them. */
  portVariables: string[];
  /** The orchestrator, run from the stack's folder; `cli` is the built etl-cycle launcher. */
  orchestrator(cli: string): string[];
  /** What else a run's environment needs (a folder of its own for state that outlives containers). */
  runEnv(runDir: string): Record<string, string>;
  floor: StackFloor;
}

export function stackDir(packageRoot: string, stack: BenchStack): string {
  return join(packageRoot, 'bench/stacks', stack.id);
}

const MiB = 1024 * 1024;
const port = (ctx: FloorContext, variable: string): number => {
  const value = ctx.ports[variable];
  if (value === undefined) throw new Error(`internal: no port for ${variable}`);
  return value;
};

/** The warehouse's PostgreSQL, as compose.yaml declares it (both the warehouse and the flaky-upstream stack). */
function postgres(ctx: FloorContext, network: string): Docker.ContainerCreateOptions {
  return {
    Image: POSTGRES_IMAGE,
    name: `${ctx.project}-db`,
    Env: ['POSTGRES_USER=etl_admin', 'POSTGRES_PASSWORD=admin-secret', 'POSTGRES_DB=warehouse'],
    Labels: ctx.labels,
    ExposedPorts: { '5432/tcp': {} },
    HostConfig: {
      NetworkMode: network,
      PortBindings: { '5432/tcp': [{ HostPort: String(port(ctx, 'DB_PORT')) }] },
      Binds: [`${ctx.project}_pgdata:/var/lib/postgresql/data`],
      Memory: 512 * MiB,
    },
  };
}

function httpd(
  ctx: FloorContext,
  network: string,
  init: { name: string; portVariable: string; binds: string[]; env?: string[]; cmd?: string[]; memory?: number },
): Docker.ContainerCreateOptions {
  return {
    Image: BUSYBOX_IMAGE,
    name: `${ctx.project}-${init.name}`,
    Cmd: init.cmd ?? ['httpd', '-f', '-p', '8080', '-h', '/www'],
    Env: init.env ?? [],
    Labels: ctx.labels,
    ExposedPorts: { '8080/tcp': {} },
    HostConfig: {
      NetworkMode: network,
      PortBindings: { '8080/tcp': [{ HostPort: String(port(ctx, init.portVariable)) }] },
      Binds: init.binds,
      ...(init.memory === undefined ? {} : { Memory: init.memory }),
    },
  };
}

const dbReady = (ctx: FloorContext) => ({
  what: 'the database',
  ready: () => databaseAnswers(port(ctx, 'DB_PORT'), 'etl_admin', 'admin-secret', 'warehouse'),
});

const warehouse: BenchStack = {
  id: 'warehouse',
  title: 'warehouse (PostgreSQL + lookup service)',
  portVariables: ['DB_PORT', 'LOOKUP_PORT'],
  orchestrator: () => ['node', 'etl/run-etl.mjs'],
  runEnv: () => ({}),
  floor: {
    volumes: ['pgdata'],
    containers: (ctx, network) => [
      postgres(ctx, network),
      httpd(ctx, network, {
        name: 'lookup',
        portVariable: 'LOOKUP_PORT',
        binds: [`${join(ctx.stackDir, 'lookup')}:/srv:ro`],
        env: ['LOOKUP_INDEX_BYTES=4000000'],
        cmd: ['sh', '-c', "index=$(head -c ${LOOKUP_INDEX_BYTES} /dev/zero | tr '\\0' i); exec httpd -f -p 8080 -h /srv"],
        memory: 32 * MiB,
      }),
    ],
    probes: (ctx) => [
      dbReady(ctx),
      { what: 'the lookup service', ready: () => httpAnswers(`http://127.0.0.1:${port(ctx, 'LOOKUP_PORT')}/regions.csv`) },
    ],
  },
};

const flakyUpstream: BenchStack = {
  id: 'flaky-upstream',
  title: 'flaky upstream (PostgreSQL + a partner API; built-in orchestrator workflow)',
  portVariables: ['DB_PORT', 'API_PORT'],
  // The same workflow etl-cycle runs, through the built-in orchestrator's own command.
  orchestrator: (cli) => ['node', cli, 'orchestrate', '--workflow', 'load'],
  runEnv: (runDir) => ({ API_STATE_DIR: join(runDir, 'api-state'), ETL_CYCLE_LOG_DIR: join(runDir, 'logs') }),
  floor: {
    volumes: ['pgdata'],
    containers: (ctx, network) => [
      postgres(ctx, network),
      httpd(ctx, network, {
        name: 'api',
        portVariable: 'API_PORT',
        binds: [`${join(ctx.stackDir, 'api')}:/www:ro`, `${ctx.env.API_STATE_DIR}:/state`],
        env: ['API_FAIL_TIMES=0'],
      }),
    ],
    probes: (ctx) => [dbReady(ctx), { what: 'the API', ready: () => httpAnswers(`http://127.0.0.1:${port(ctx, 'API_PORT')}/index.html`) }],
  },
};

/** The six services of the chain stack: name and port variable. */
const CHAIN = [
  ['store', 'STORE_PORT'],
  ['queue', 'QUEUE_PORT'],
  ['transform', 'TRANSFORM_PORT'],
  ['api', 'CHAIN_API_PORT'],
  ['report', 'REPORT_PORT'],
  ['metrics', 'METRICS_PORT'],
] as const;

const chain: BenchStack = {
  id: 'chain',
  title: 'six services with a dependency chain',
  portVariables: CHAIN.map(([, variable]) => variable),
  orchestrator: () => ['node', 'etl/check-services.mjs'],
  runEnv: () => ({}),
  floor: {
    volumes: [],
    containers: (ctx, network) =>
      CHAIN.map(([name, portVariable]) =>
        httpd(ctx, network, {
          name,
          portVariable,
          binds: [`${join(ctx.stackDir, 'www')}:/www:ro`],
          ...(name === 'transform'
            ? {
                env: ['TRANSFORM_INDEX_BYTES=4000000'],
                cmd: ['sh', '-c', "index=$(head -c ${TRANSFORM_INDEX_BYTES} /dev/zero | tr '\\0' i); exec httpd -f -p 8080 -h /www"],
                memory: 32 * MiB,
              }
            : {}),
        }),
      ),
    probes: (ctx) =>
      CHAIN.map(([name, portVariable]) => ({
        what: `service ${name}`,
        ready: () => httpAnswers(`http://127.0.0.1:${port(ctx, portVariable)}/index.html`),
      })),
  },
};

export const STACKS: Record<StackId, BenchStack> = { warehouse, 'flaky-upstream': flakyUpstream, chain };
