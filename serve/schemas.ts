/**
 * The API's request and response shapes, as zod schemas: fastify validates requests with them
 * (fastify-type-provider-zod) and GET /openapi.json is generated from the same schemas.
 */
import { z } from 'zod';
import { EXECUTION_STATES, TRIGGERS } from '../history/types.js';
import { GIT_MODES } from '../core/git-modes.js';
import { EXECUTION_ID_PATTERN } from '../core/execution-id.js';

export const runIdParams = z.object({
  id: z
    .string()
    .regex(EXECUTION_ID_PATTERN, 'an execution id such as 20260101_120000_ab12')
    .or(z.literal('latest'))
    .describe('An execution id, or latest'),
});

export const listRunsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50).describe('Runs per page (1..500)'),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0).describe('Runs to skip, newest first'),
    state: z.enum(EXECUTION_STATES).optional(),
    trigger: z.enum(TRIGGERS).optional(),
    since: z.string().min(1).optional().describe('Runs started since: an age (7d, 12h) or an ISO time'),
  })
  .strict();

export const statsQuery = z
  .object({ since: z.string().min(1).optional().describe('Window start: an age (30d) or an ISO time; default all time') })
  .strict();

export const logQuery = z
  .object({
    follow: z
      .enum(['0', '1', 'true', 'false'])
      .optional()
      .describe('1: stream the log of a running run as server-sent events (data: one line; event: end when it ended)'),
  })
  .strict();

export const startRunBody = z
  .object({
    workflow: z.string().min(1).max(200).optional().describe('Run with this workflow of the built-in orchestrator (orchestrator.workflow)'),
    mode: z.enum(GIT_MODES).optional().describe('The git snapshot mode of the run (as run --git)'),
    max_iterations: z.number().int().min(1).max(1000).optional().describe('Iteration limit (as run --max-iterations)'),
  })
  .strict()
  .nullish()
  .describe("Optional: an empty body runs with the project's configuration");

export const errorBody = z.object({
  error: z.string().describe('A short code: bad_request, unauthorized, not_found, conflict, ...'),
  message: z.string(),
  field: z.string().optional().describe('The request field that is wrong'),
});

export const holderBody = z.object({
  execution_id: z.string().nullable(),
  command: z.string(),
  pid: z.number(),
  host: z.string(),
  started_at: z.string(),
});

export const startedBody = z.object({ execution_id: z.string(), state: z.literal('running'), links: z.record(z.string(), z.string()) });

export const conflictBody = errorBody.extend({ holder: holderBody.optional() });

export const healthBody = z.object({
  status: z.enum(['ok', 'failing', 'stale', 'no_runs']),
  project: z.string(),
  reason: z.string(),
  max_age_seconds: z.number(),
  running: z.number(),
  last_run: z
    .object({
      id: z.string(),
      state: z.string(),
      end_time: z.string().nullable(),
      duration_seconds: z.number().nullable(),
      iterations: z.number(),
      main_class: z.string().nullable(),
      age_seconds: z.number().nullable(),
    })
    .nullable(),
});
