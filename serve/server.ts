/**
 * `etl-cycle serve`'s HTTP server (fastify 5): health, metrics, the API over the run ledger, and
 * the web page. Everything it needs comes in through ServerOptions, so a test starts it on a
 * real ledger and a real port, and the CLI wires the real launcher.
 */
import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { detailToJson, statsToJson, summaryToJson } from '../history/json.js';
import { computeStats } from '../history/stats.js';
import type { StatsInput } from '../history/stats.js';
import type { ExecutionDetail, ExecutionSummary, ListQuery } from '../history/types.js';
import type { LockHolder } from '../history/lock/project-lock.js';
import { changeAwareReader, noGaps } from '../metrics/ledger-snapshot.js';
import type { GapCounter } from '../metrics/ledger-snapshot.js';
import { PROMETHEUS_CONTENT_TYPE } from '../metrics/prometheus-metrics.js';
import { bearerToken, isOpenPath, tokenMatches } from './access-policy.js';
import { evaluateHealth } from './health.js';
import { parseSince } from './parse-since.js';
import type { RunLauncher } from './run-launcher.js';
import { findRunLog, followLog } from './run-log.js';
import * as schemas from './schemas.js';
import { SnapshotCache } from './snapshot-cache.js';
import { PAGE_HTML } from './web/page.js';

/** The part of HistoryStore (history/store/history-store.ts) the server reads. */
export interface RunHistoryReader {
  readonly display: string;
  list(query: ListQuery): Promise<ExecutionSummary[]>;
  get(project: string, id: string): Promise<ExecutionDetail | undefined>;
  running(project: string): Promise<ExecutionSummary[]>;
  statsInput(project: string, since: number | undefined): Promise<StatsInput>;
}

export interface ServerOptions {
  project: string;
  store: RunHistoryReader;
  /** health.max_age */
  maxAgeMs: number;
  /** logs.dir: where runs started here write their console log. */
  logsDir: string;
  /** GET /api/tasks and /api/workflows: as `tasks list --json` and `workflows list --json` print them. */
  catalog: { tasks: unknown[]; workflows: unknown[] };
  launcher: RunLauncher;
  /** Required on every route but /health*, /metrics, / and /openapi.json when set. */
  token?: string;
  version: string;
  /** The ledger is read at most this often for /health and /metrics (default 1 s). */
  snapshotRefreshMs?: number;
  countGaps?: GapCounter;
  /** GET /api/gaps: the data windows that failed and were not recovered (history/gaps.ts). */
  listGaps?: (project: string) => Promise<readonly unknown[]>;
  /** Log poll interval of ?follow=1 (default 250 ms). */
  logPollMs?: number;
}

type Reply = FastifyReply;

function fail(reply: Reply, code: number, error: string, message: string, extra: Record<string, unknown> = {}) {
  return reply.code(code).send({ error, message, ...extra });
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { project, store } = options;
  const app = Fastify({ logger: false, return503OnClosing: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'etl-cycle serve', version: options.version, description: `Runs, health and metrics of project ${project}.` },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: options.token ? [{ bearer: [] }] : [],
    },
    transform: jsonSchemaTransform,
  });

  // An empty body with a JSON content type is no body (curl -X DELETE -H 'content-type: application/json' sends one).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    if (typeof text !== 'string' || text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(Object.assign(new Error(`body: not JSON (${(error as Error).message})`), { statusCode: 400 }), undefined);
    }
  });
  // Log streams end when the server closes, instead of holding the close until their runs end.
  const streams = new Set<AbortController>();
  app.addHook('preClose', async () => streams.forEach((stream) => stream.abort()));

  const readSnapshot = changeAwareReader(store, project, options.countGaps ?? noGaps);
  const cache = new SnapshotCache(() => readSnapshot(), options.snapshotRefreshMs ?? 1000);

  app.addHook('onRequest', async (request, reply) => {
    if (!options.token) return;
    const path = request.url.split('?')[0]!;
    if (isOpenPath(path)) return;
    if (!tokenMatches(options.token, bearerToken(request.headers.authorization))) {
      reply.header('www-authenticate', 'Bearer realm="etl-cycle"');
      return fail(
        reply,
        401,
        'unauthorized',
        'send the server token as Authorization: Bearer <token> (ETL_CYCLE_TOKEN or --token-file of serve)',
      );
    }
  });

  app.setErrorHandler((error: FastifyError, _request: FastifyRequest, reply: Reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const first = error.validation[0]!;
      const where = error.validationContext ?? 'request';
      const field = first.instancePath.replace(/^\//, '').replaceAll('/', '.');
      const unknownKeys = (first.params as { keys?: string[] }).keys;
      const named = unknownKeys?.length ? unknownKeys.join(', ') : field;
      const message = unknownKeys?.length
        ? `${where}: unknown field ${unknownKeys.map((k) => JSON.stringify(k)).join(', ')}`
        : `${where}${named ? `.${named}` : ''}: ${first.message}`;
      return fail(reply, 400, 'bad_request', message, named ? { field: named } : {});
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
      return fail(reply, error.statusCode, 'bad_request', error.message);
    return fail(reply, 500, 'internal', `internal error: ${error.message}`);
  });
  app.setNotFoundHandler((request, reply) => fail(reply, 404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`));

  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/health',
    {
      schema: {
        summary: 'Green while the last finished run is green and younger than health.max_age',
        response: { 200: schemas.healthBody, 503: schemas.healthBody },
      },
    },
    async (_request, reply) => {
      const { snapshot } = await cache.get();
      const { code, body } = evaluateHealth(snapshot, options.maxAgeMs, Date.now());
      return reply.code(code).send(body);
    },
  );
  api.get(
    '/health/live',
    { schema: { summary: 'Always 200 while the process answers', response: { 200: z.object({ status: z.literal('alive') }) } } },
    async () => ({
      status: 'alive' as const,
    }),
  );
  app.get('/metrics', { schema: { summary: 'Prometheus text exposition' } }, async (_request, reply) => {
    const { metricsText } = await cache.get();
    return reply.type(PROMETHEUS_CONTENT_TYPE).send(metricsText);
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(PAGE_HTML),
  );

  api.get('/api/runs', { schema: { summary: 'Runs, newest first', querystring: schemas.listRunsQuery } }, async (request, reply) => {
    const { limit, offset, state, trigger, since } = request.query;
    const sinceMs = since === undefined ? undefined : parseSince(since, Date.now());
    if (since !== undefined && sinceMs === undefined)
      return fail(reply, 400, 'bad_request', `querystring.since: expected an age such as 7d or an ISO time, got ${JSON.stringify(since)}`, {
        field: 'since',
      });
    const runs = await store.list({
      project,
      limit,
      offset,
      ...(state ? { state } : {}),
      ...(trigger ? { trigger } : {}),
      ...(sinceMs === undefined ? {} : { since: sinceMs }),
    });
    return { project, limit, offset, runs: runs.map(summaryToJson) };
  });

  api.get(
    '/api/runs/:id',
    { schema: { summary: 'One run with its iterations, tasks and report', params: schemas.runIdParams } },
    async (request, reply) => {
      const detail = await store.get(project, request.params.id);
      if (!detail || detail.project !== project)
        return fail(reply, 404, 'not_found', `no execution ${request.params.id} of project ${project}`);
      const report = detail.reportFile ? await readFile(detail.reportFile, 'utf8').then(JSON.parse, () => null) : null;
      return { ...detailToJson(detail), report };
    },
  );

  api.get(
    '/api/runs/:id/log',
    {
      schema: {
        summary: "The run's log; ?follow=1 streams it as server-sent events while it runs",
        params: schemas.runIdParams,
        querystring: schemas.logQuery,
      },
    },
    async (request, reply) => {
      const detail = await store.get(project, request.params.id);
      if (!detail || detail.project !== project)
        return fail(reply, 404, 'not_found', `no execution ${request.params.id} of project ${project}`);
      const follow = request.query.follow === '1' || request.query.follow === 'true';
      if (!follow) {
        const path = await findRunLog(detail, options.logsDir);
        if (!path) return fail(reply, 404, 'not_found', `execution ${detail.id} has no log in ${options.logsDir}`);
        return reply.type('text/plain; charset=utf-8').send(await readFile(path, 'utf8'));
      }
      return streamLog(request, reply, detail);
    },
  );

  const streamLog = async (request: FastifyRequest, reply: Reply, detail: ExecutionDetail) => {
    const abort = new AbortController();
    streams.add(abort);
    request.raw.on('close', () => abort.abort());
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    out.write(`: log of execution ${detail.id}\n\n`);
    const lines = followLog({
      signal: abort.signal,
      pollMs: options.logPollMs,
      locate: () => findRunLog(detail, options.logsDir),
      isRunning: async () => (await store.get(project, detail.id))?.state === 'running',
    });
    try {
      for await (const chunk of lines) {
        for (const line of chunk.split('\n')) out.write(`data: ${line}\n\n`);
      }
      const final = await store.get(project, detail.id);
      if (!abort.signal.aborted)
        out.write(`event: end\ndata: ${JSON.stringify({ execution_id: detail.id, state: final?.state ?? null })}\n\n`);
    } catch (error) {
      if (!abort.signal.aborted) out.write(`event: error\ndata: ${JSON.stringify({ message: (error as Error).message })}\n\n`);
    } finally {
      streams.delete(abort);
      out.end();
    }
  };

  api.post(
    '/api/runs',
    {
      schema: {
        summary: 'Start a run (trigger api); 409 while another run holds the project',
        body: schemas.startRunBody,
        response: { 202: schemas.startedBody, 400: schemas.errorBody, 409: schemas.conflictBody, 500: schemas.errorBody },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const outcome = await options.launcher.start({
        ...(body.workflow === undefined ? {} : { workflow: body.workflow }),
        ...(body.mode === undefined ? {} : { mode: body.mode }),
        ...(body.max_iterations === undefined ? {} : { maxIterations: body.max_iterations }),
      });
      cache.invalidate();
      if (outcome.kind === 'busy')
        return reply.code(409).send({
          error: 'conflict',
          message: `project ${project} is in use by ${describeHolder(outcome.holder)}`,
          holder: holderJson(outcome.holder),
        });
      if (outcome.kind === 'refused')
        return reply
          .code(outcome.badRequest ? 400 : 500)
          .send({ error: outcome.badRequest ? 'bad_request' : 'internal', message: outcome.message });
      const id = outcome.id;
      // The lock names the execution a moment before the ledger row exists: answer once the run can be read.
      await untilRecorded(store, project, id);
      return reply
        .code(202)
        .header('location', `/api/runs/${id}`)
        .send({
          execution_id: id,
          state: 'running' as const,
          links: { self: `/api/runs/${id}`, log: `/api/runs/${id}/log?follow=1` },
        });
    },
  );

  api.delete(
    '/api/runs/:id',
    { schema: { summary: 'Cancel a running run gracefully (it ends aborted, its containers removed)', params: schemas.runIdParams } },
    async (request, reply) => {
      const detail = await store.get(project, request.params.id);
      if (!detail || detail.project !== project)
        return fail(reply, 404, 'not_found', `no execution ${request.params.id} of project ${project}`);
      if (detail.state !== 'running')
        return fail(reply, 409, 'conflict', `execution ${detail.id} is not running (it ended ${detail.state})`, { state: detail.state });
      const outcome = await options.launcher.cancel(detail.id);
      cache.invalidate();
      if (outcome.kind === 'not_running')
        return fail(
          reply,
          409,
          'conflict',
          `execution ${detail.id} holds no project lock any more (it is ending or died; the next command finishes it)`,
        );
      if (outcome.kind === 'elsewhere')
        return fail(reply, 409, 'conflict', `execution ${detail.id} runs on host ${outcome.host} (pid ${outcome.pid}); stop it there`);
      return reply.code(202).send({ execution_id: detail.id, state: 'stopping', signal: outcome.signal });
    },
  );

  api.get(
    '/api/stats',
    { schema: { summary: 'Success rate, time and iterations to green, top classes, tasks', querystring: schemas.statsQuery } },
    async (request, reply) => {
      const since = request.query.since;
      const sinceMs = since === undefined ? undefined : parseSince(since, Date.now());
      if (since !== undefined && sinceMs === undefined)
        return fail(
          reply,
          400,
          'bad_request',
          `querystring.since: expected an age such as 30d or an ISO time, got ${JSON.stringify(since)}`,
          { field: 'since' },
        );
      return statsToJson(computeStats(await store.statsInput(project, sinceMs)), { project, store: store.display });
    },
  );
  api.get('/api/gaps', { schema: { summary: 'Failed data windows not yet recovered, oldest first (docs/data.md)' } }, async () => ({
    gaps: options.listGaps ? await options.listGaps(project) : [],
  }));
  api.get('/api/tasks', { schema: { summary: 'The tasks of the built-in orchestrator' } }, async () => ({ tasks: options.catalog.tasks }));
  api.get('/api/workflows', { schema: { summary: 'The workflows of the built-in orchestrator' } }, async () => ({
    workflows: options.catalog.workflows,
  }));

  await app.ready();
  return app;
}

async function untilRecorded(store: RunHistoryReader, project: string, id: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await store.get(project, id)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function holderJson(holder: LockHolder) {
  return { execution_id: holder.executionId, command: holder.command, pid: holder.pid, host: holder.host, started_at: holder.startedAt };
}

function describeHolder(holder: LockHolder): string {
  return `${holder.command}${holder.executionId ? ` ${holder.executionId}` : ''} (pid ${holder.pid} on host ${holder.host}, started ${holder.startedAt})`;
}
