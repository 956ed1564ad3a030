/**
 * The schema of etl-cycle.yaml. Written once with zod: it validates (with messages a user can
 * act on), gives the normalized TypeScript type, and generates the published JSON Schema
 * (schema/etl-cycle.schema.json; a unit test fails when the two drift apart).
 * Keys are snake_case like Compose; durations are a number of seconds or "500ms", "30s", "5m", "1h".
 */
import { GIT_MODES } from '../core/git-modes.js';
import { z } from 'zod';
import { parseByteSize } from '../core/byte-size.js';
import { cronProblem, timeZoneProblem } from '../core/cron.js';
import { parseAge, parseDuration } from '../core/duration.js';
import { ERROR_CLASS_IDS } from '../core/error-classes.js';
import { DEFAULT_LOG_MAX_BYTES } from '../core/log-limits.js';
import { DEFAULT_SECRET_NAMES } from '../core/secret-names.js';
import { TASK_ID_PATTERN } from '../core/task-line.js';

/** Timers cannot wait longer (2^31-1 ms): a longer one would fire at once, and no run lasts that long. */
const MAX_DURATION_MS = 2 ** 31 - 1;

const durationInput = z.union([z.number().nonnegative(), z.string()]);

/** A duration in milliseconds after parsing. */
const duration = (description: string) =>
  durationInput.describe(`${description} Seconds, or a string such as "500ms", "30s", "5m", "1h30m".`).transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms !== undefined && ms > MAX_DURATION_MS) {
      ctx.issues.push({ code: 'custom', input: value, message: `must be at most 596h (about 24 days), got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    if (ms === undefined) {
      ctx.issues.push({
        code: 'custom',
        input: value,
        message: `expected a duration such as 30s, 5m or a number of seconds, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return ms;
  });

const byteSizeInput = z.union([z.number().int().positive(), z.string()]);
/** "512m", "1g", "1.5gb", "100MiB" or bytes, like Compose's mem_limit (one parser: core/byte-size.ts). */
const byteSize = (description: string) =>
  byteSizeInput.describe(`${description} Bytes, or "512m", "2g", "100MiB".`).transform((value, ctx) => {
    const size = parseByteSize(value);
    if (size === undefined || size === 0) {
      ctx.issues.push({ code: 'custom', input: value, message: `expected a size such as 512m or 2g, got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return size;
  });

/** An age in milliseconds after parsing ("90d", "12w", "720h": days and weeks allowed), or false for "no limit". */
const ageOrFalse = (description: string) =>
  z
    .union([z.literal(false), z.string()])
    .describe(`${description} A number with a unit: "90d", "12w", "720h"; false = no limit.`)
    .transform((value, ctx) => {
      if (value === false) return false;
      const ms = parseAge(value);
      if (ms === undefined) {
        ctx.issues.push({
          code: 'custom',
          input: value,
          message: `expected an age such as 90d, 12w or 720h (or false), got ${JSON.stringify(value)}`,
        });
        return z.NEVER;
      }
      return ms;
    });

/** An age in milliseconds after parsing ("7d", "12h", "2w"). */
const age = (description: string) =>
  z
    .string()
    .describe(`${description} A number with a unit: "7d", "12h", "2w".`)
    .transform((value, ctx) => {
      const ms = parseAge(value);
      if (ms === undefined) {
        ctx.issues.push({ code: 'custom', input: value, message: `expected an age such as 7d, 12h or 2w, got ${JSON.stringify(value)}` });
        return z.NEVER;
      }
      return ms;
    });

const command = z.union([
  z.array(z.string()).min(1).describe('argv form: no shell involved'),
  z.string().min(1).describe('a shell line, run by /bin/sh -c'),
]);

const envMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

export const readinessWaitSchema = z.discriminatedUnion('type', [
  z
    .object({ type: z.literal('auto') })
    .strict()
    .describe(
      'healthcheck if the service declares one, else running + every container port accepting connections on the container address',
    ),
  z.object({ type: z.literal('healthcheck') }).strict(),
  z.object({ type: z.literal('ports'), ports: z.array(z.number().int().min(1).max(65535)).optional() }).strict(),
  z.object({ type: z.literal('log'), pattern: z.string().min(1), times: z.number().int().positive().optional() }).strict(),
  z
    .object({
      type: z.literal('http'),
      port: z.number().int().min(1).max(65535),
      path: z.string().prefault('/'),
      status: z.number().int().optional(),
    })
    .strict(),
  z.object({ type: z.literal('exec'), command: z.array(z.string()).min(1) }).strict(),
  z
    .object({ type: z.literal('completed') })
    .strict()
    .describe('one-shot service: ready when it exited with code 0'),
  z
    .object({ type: z.literal('none') })
    .strict()
    .describe('running is enough'),
]);

const serviceReadiness = z
  .object({
    wait: readinessWaitSchema.optional(),
    timeout: duration('Deadline for this service to become ready.').optional(),
    settle: duration('How long readiness must keep holding before the service counts as ready.').optional(),
  })
  .strict();

const validationSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('command'),
      name: z.string().optional(),
      command,
      cwd: z.string().optional(),
      env: envMap.optional(),
      timeout: duration('Kill the check after this long.').prefault(60),
    })
    .strict()
    .describe('a host command that must exit 0'),
  z
    .object({
      type: z.literal('file_exists'),
      name: z.string().optional(),
      path: z.string().min(1),
      non_empty: z.boolean().prefault(false),
    })
    .strict()
    .describe('a file (relative to the config folder) that must exist'),
  z
    .object({
      type: z.literal('exec'),
      name: z.string().optional(),
      service: z.string().min(1),
      command: z.array(z.string()).min(1),
      expect_output: z.string().optional().describe('a regular expression the output must match'),
      timeout: duration('Give up on the check after this long.').prefault(60),
    })
    .strict()
    .describe('a command inside a service container (engine exec API) that must exit 0'),
  z
    .object({
      type: z.literal('output_clean'),
      name: z.string().optional(),
    })
    .strict()
    .describe('the orchestrator output must contain no classified failure (for scripts that swallow errors and exit 0)'),
]);

/**
 * Task ids become the `[<id>] ` prefix of every output line of the built-in orchestrator, which
 * the agent reads back (agent/attribute-task.ts): keep the two character sets the same.
 */
const ID_RULE = 'use letters, digits, "_", "-", "." and ":" only';
const taskId = z.string().regex(TASK_ID_PATTERN, ID_RULE);

export const REBUILD_MODES = ['converge', 'always'] as const;

/**
 * One of a few words, as an enum is, but refined: inside a union (a shorthand word or a mapping)
 * a wrong word then reads "expected one of converge, always, got ..." instead of the other
 * branch's "expected object". The published schema still lists the words.
 */
function word(values: readonly string[]) {
  return z
    .string()
    .refine((value) => values.includes(value), {
      error: (issue) => `expected one of ${values.join(', ')}, got ${JSON.stringify(issue.input)}`,
    })
    .meta({ enum: [...values] });
}

export const STANDARD_TASK_CATEGORIES = ['extraction', 'transformation', 'load', 'validation', 'utility'] as const;

const retryPolicy = z.union([
  z.number().int().min(0).max(100).describe('Retry a failed attempt this many times, waiting 1s, 2s, 4s... (at most 30s) in between.'),
  z
    .object({
      count: z.number().int().min(0).max(100).describe('Retries after the first attempt.'),
      initial: duration('Wait before the first retry.').prefault(1),
      factor: z.number().min(1).max(10).prefault(2).describe('Each wait is the previous one times this.'),
      max: duration('Longest wait between attempts.').prefault(30),
    })
    .strict(),
]);

const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const httpStatus = z.number().int().min(100).max(599);

/** Data gates a task must pass after it succeeded (docs/data.md); a failed one fails the task as data_rejected. */
const taskValidateSchema = z
  .object({
    min_acceptance_ratio: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('rows_written / rows_read (from ETL_CYCLE_METRICS_FILE) must reach this, e.g. 0.95.'),
    min_rows_written: z.number().int().min(0).optional().describe('At least this many rows_written.'),
    max_rows_rejected: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('At most this many rows_rejected (or rows_read - rows_written when the task reports no rows_rejected).'),
    check: command
      .optional()
      .describe(
        "A host command run after the task succeeded, with the task's environment and ETL_CYCLE_ROWS_READ/_WRITTEN/_REJECTED: exit 0 accepts the data, any other code rejects it.",
      ),
  })
  .strict();

const taskSchema = z
  .object({
    name: z.string().optional().describe('Display name. Default: the task id.'),
    description: z.string().optional(),
    category: z
      .string()
      .min(1)
      .prefault('utility')
      .describe(`${STANDARD_TASK_CATEGORIES.join(', ')}, or a category of your own.`),
    depends_on: z.array(taskId).prefault([]).describe('Tasks that must succeed before this one starts.'),
    timeout: duration(
      'Stop an attempt after this long (its process tree is killed, the request or exec aborted); scaled by ETL_CYCLE_TIMEOUT_FACTOR.',
    ).prefault(1800),
    retries: retryPolicy.prefault(0),
    critical: z
      .boolean()
      .prefault(true)
      .describe('A failed critical task stops the run; a non-critical one is recorded and the run goes on.'),
    resume: z
      .boolean()
      .prefault(true)
      .describe(
        'false: never reused when an execution is resumed (--resume, or the agent resuming after a failure): it runs again, and so does everything that depends on it.',
      ),
    env: envMap
      .prefault({})
      .describe("Environment of the task; values may use ${VAR} and ${VAR:-default} from the orchestrator's environment."),
    validate: taskValidateSchema
      .optional()
      .describe('Data gates checked after the task succeeded; a failed gate fails it with class data_rejected, without retrying it.'),
    cwd: z.string().optional().describe('Folder of a run task, relative to this file. Default: the folder of this file.'),
    run: command.optional().describe('A host command (argv list, or a shell line run by /bin/sh -c).'),
    exec: z
      .object({
        service: z.string().min(1).describe('A service of the Compose file; its container must be running.'),
        command: command.describe('argv, or a shell line run by sh -c inside the container.'),
        user: z.string().optional(),
        workdir: z.string().optional(),
      })
      .strict()
      .optional()
      .describe("A command inside a service container, through the engine's exec API."),
    http: z
      .object({
        method: z.enum(httpMethods).prefault('GET'),
        url: z.string().min(1),
        headers: z.record(z.string(), z.string()).prefault({}),
        body: z
          .union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())])
          .optional()
          .describe('A string is sent as written; a mapping or list is sent as JSON.'),
        body_file: z.string().optional().describe('A JSON file (relative to this file) sent as the body, read when the task runs.'),
        expect_status: z
          .union([httpStatus, z.array(httpStatus).min(1)])
          .optional()
          .describe('Accepted status code(s). Default: any 2xx.'),
        expect_body: z.string().optional().describe('A regular expression the response body (trailing whitespace removed) must match.'),
      })
      .strict()
      .optional()
      .describe('An HTTP request; url, headers and body may use ${VAR} like env.'),
  })
  .strict();

const workflowSchema = z
  .object({
    description: z.string().optional(),
    tasks: z.array(taskId).min(1).describe('Tasks to run; the tasks they depend on are pulled in.'),
    parallel: z.boolean().prefault(false).describe('Run independent tasks at the same time (as --parallel).'),
    max_workers: z
      .number()
      .int()
      .min(1)
      .max(64)
      .prefault(4)
      .describe('At most this many tasks at once when parallel; ETL_CYCLE_MAX_WORKERS lowers it.'),
    continue_on_failure: z
      .boolean()
      .prefault(false)
      .describe('A failed critical task does not stop independent branches (as --continue-on-failure).'),
    window: z
      .object({
        size: duration(
          'Each run processes one time window this long (aligned to multiples of it, UTC), passed to the tasks as ETL_WINDOW_START / ETL_WINDOW_END.',
        ),
      })
      .strict()
      .optional()
      .describe('Run the workflow window by window, recorded in the run history: failed windows are gaps that --mode full recovers.'),
  })
  .strict();

const classPolicy = z
  .object({
    retry: z.boolean().optional().describe('override whether a retry can fix this class'),
  })
  .strict();

/** What an alert fires on (alerts/evaluate-alerts.ts). */
export const ALERT_EVENTS = ['failure', 'recovery', 'success_rate', 'gaps'] as const;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const envName = z.string().regex(ENV_NAME, 'the name of an environment variable (letters, digits and "_")');

const webhookSchema = z
  .object({
    name: z.string().min(1).optional().describe('How messages and the history name this webhook. Default: its host.'),
    format: z
      .enum(['slack', 'json'])
      .prefault('json')
      .describe('slack: {text, blocks} for Slack (and Mattermost, Rocket.Chat) incoming webhooks; json: the event as a JSON document.'),
    url: z
      .string()
      .regex(/^https?:\/\/\S+$/, 'an http:// or https:// URL')
      .optional()
      .describe('Where to POST. A Slack URL is a secret: prefer url_env.'),
    url_env: envName.optional().describe('Read the URL from this environment variable when the alert is sent (its value is masked).'),
    secret_env: envName
      .optional()
      .describe(
        'Sign each body with HMAC-SHA256 using the value of this environment variable: header X-Etl-Cycle-Signature: sha256=<hex>. The value is never stored or logged.',
      ),
    headers: z
      .record(z.string(), z.string())
      .prefault({})
      .describe('More request headers; values may use ${VAR} from the environment (read when sending, masked everywhere).'),
    events: z
      .array(z.enum(ALERT_EVENTS))
      .min(1)
      .optional()
      .describe(`The events sent to this webhook (${ALERT_EVENTS.join(', ')}). Default: all.`),
  })
  .strict()
  .superRefine((hook, ctx) => {
    if ((hook.url === undefined) === (hook.url_env === undefined))
      ctx.addIssue({ code: 'custom', path: ['url'], message: 'set exactly one of url or url_env' });
  });

/** A share such as 0.9 or "90%". */
const share = z
  .union([z.number(), z.string()])
  .describe('A fraction (0.9) or a percentage ("90%").')
  .transform((value, ctx) => {
    const text = typeof value === 'string' ? value.trim() : undefined;
    const number = text === undefined ? value : /^\d+(?:\.\d+)?%$/.test(text) ? Number(text.slice(0, -1)) / 100 : Number.NaN;
    if (typeof number !== 'number' || !(number > 0 && number <= 1)) {
      ctx.issues.push({ code: 'custom', input: value, message: `expected a share such as 0.9 or "90%", got ${JSON.stringify(value)}` });
      return z.NEVER;
    }
    return number;
  });

const alertsSchema = z
  .object({
    webhooks: z.array(webhookSchema).prefault([]),
    failure: z.boolean().prefault(true).describe('Alert when a run ends without coming up green (not when it was stopped by a signal).'),
    recovery: z.boolean().prefault(true).describe('Alert when a run comes up green after the previous run failed.'),
    success_rate: z
      .object({
        below: share,
        window: age('Over the runs started in this window.').prefault('7d'),
        min_runs: z.number().int().min(1).prefault(5).describe('Say nothing before the window holds this many finished runs.'),
      })
      .strict()
      .optional()
      .describe('Alert on the run that takes the success rate below `below` (again only after it has been back up).'),
    gaps: z
      .object({ older_than: age('Alert when a gap is older than this.') })
      .strict()
      .optional()
      .describe('Alert at the end of a run while the data has gaps older than older_than.'),
    timeout: duration('Give up on one delivery attempt after this long.').prefault(10),
    retries: retryPolicy.prefault(3).describe('Retries of a failed delivery (network error, timeout, 429 or 5xx).'),
  })
  .strict();

const scheduleSchema = z
  .object({
    cron: z
      .string()
      .min(1)
      .optional()
      .describe('When `serve --schedule` runs the stack: 5 fields (or 6 with seconds), e.g. "0 2 * * *". --schedule overrides it.'),
    timezone: z.string().min(1).optional().describe("IANA time zone of the expression, e.g. Europe/Berlin. Default: the machine's."),
    catch_up: z.boolean().prefault(false).describe('On start, run once when a scheduled time passed while nothing was running.'),
  })
  .strict()
  .superRefine((schedule, ctx) => {
    const zone = schedule.timezone === undefined ? undefined : timeZoneProblem(schedule.timezone);
    if (zone) ctx.addIssue({ code: 'custom', path: ['timezone'], message: zone });
    const problem = schedule.cron === undefined || zone ? undefined : cronProblem(schedule.cron, schedule.timezone);
    if (problem) ctx.addIssue({ code: 'custom', path: ['cron'], message: problem });
  });

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    version: z.literal(1).prefault(1).describe('Config format version.'),
    project: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, "-" and "_", starting with a letter or digit')
      .optional()
      .describe("Project name: prefixes containers, networks and volumes. Default: the Compose file's name:, else the folder name."),
    compose: z
      .union([
        z.literal(false).describe('no Compose file: only retry and diagnose the orchestrator'),
        z
          .object({
            file: z
              .string()
              .optional()
              .describe(
                'Compose file, relative to this file. Default: compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml next to it, if any.',
              ),
            env_files: z.array(z.string()).prefault([]).describe('Extra .env files for interpolation, after the project .env.'),
            profiles: z.array(z.string()).prefault([]),
          })
          .strict(),
      ])
      .prefault({}),
    orchestrator: z
      .object({
        command: command.optional().describe('What builds the infrastructure, users, tables and loads data.'),
        workflow: z.string().optional().describe('Run this workflow of the built-in orchestrator instead of a command.'),
        cwd: z.string().prefault('.'),
        env: envMap.prefault({}),
        timeout: duration('Kill the orchestrator (its whole process tree) after this long.').prefault(1800),
        kill_grace: duration('Between SIGTERM and SIGKILL.').prefault(5),
        resume: z
          .enum(['auto', 'never'])
          .prefault('auto')
          .describe(
            'With a workflow: after a failure that leaves earlier results valid (upstream_error, timeout, ...) on services the rebuild kept, the next iteration re-runs only the failed task and what depends on it. never: always run the whole workflow.',
          ),
      })
      .strict(),
    validations: z.array(validationSchema).prefault([]),
    readiness: z
      .object({
        timeout: duration('Default deadline for each service to become ready.').prefault(60),
        settle: duration('Default time readiness must keep holding.').prefault(0),
        services: z.record(z.string(), serviceReadiness).prefault({}),
        probe: z
          .enum(['auto', 'host', 'engine'])
          .prefault('auto')
          .describe(
            "Where port and HTTP checks run from: host = this machine (container address, else the published port), engine = inside the engine's network (exec in the container, else a one-shot probe container on its network); auto = host when the engine runs on this machine, engine otherwise.",
          ),
        probe_image: z
          .string()
          .min(1)
          .optional()
          .describe("Image of the one-shot probe containers (it needs sh with nc/wget, or bash). Default: the probed service's own image."),
      })
      .strict()
      .prefault({}),
    loop: z
      .object({
        max_iterations: z.number().int().min(1).max(1000).prefault(5),
        time_budget: duration('Stop (reason "budget") when the whole run has taken this long.').prefault(3600),
        backoff: z
          .object({
            initial: duration('Wait before the second attempt.').prefault(2),
            factor: z.number().min(1).max(10).prefault(2),
            max: duration('Longest wait between attempts.').prefault(60),
            jitter: z.number().min(0).max(1).prefault(0.2).describe('Fraction of each wait that is randomized (0 = none).'),
            skip_when_adjusted: z
              .boolean()
              .prefault(true)
              .describe(
                'No wait before an iteration the planner changed (fresh volumes, a longer deadline...): only plain retries back off.',
              ),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    adjustments: z
      .object({
        growth_factor: z.number().min(1.1).max(10).prefault(2).describe('How much a raised deadline or timeout grows per adjustment.'),
        readiness_timeout_max: duration('Upper bound for raised readiness deadlines.').prefault(600),
        orchestrator_timeout_max: duration('Upper bound for a raised orchestrator timeout.').prefault(7200),
        settle_max: duration('Upper bound for the settle time added after "starting up" failures.').prefault(30),
        memory_max: byteSize('Upper bound for raised memory limits.').prefault(4 * 1024 ** 3),
      })
      .strict()
      .prefault({}),
    classes: z.partialRecord(z.enum(ERROR_CLASS_IDS), classPolicy).prefault({}).describe('Per-class policy overrides.'),
    git: z
      .object({
        mode: z.enum(GIT_MODES).prefault('ref'),
        required: z.boolean().prefault(false).describe('Stop the run when the git snapshot fails.'),
        ref_prefix: z
          .string()
          .regex(/^refs\/[A-Za-z0-9._/-]+$/, 'a ref namespace such as refs/etl-cycle')
          .prefault('refs/etl-cycle'),
        keep_executions: z
          .number()
          .int()
          .min(1)
          .prefault(20)
          .describe('Side refs of this many newest executions are kept (ref mode); older ones are deleted.'),
        remote: z.string().optional(),
        untracked: z
          .enum(['exclude', 'include'])
          .prefault('exclude')
          .describe(
            'Untracked files in the snapshot: exclude (default: only tracked files, with their changes) or include (new files too, minus ignored ones and secret-looking ones such as .env*, *.pem, *.key, id_rsa*).',
          ),
      })
      .strict()
      .prefault({}),
    logs: z
      .object({
        dir: z.string().prefault('logs'),
        max_size: byteSize(
          'Largest orchestrator log per iteration (and task log per task): past it the middle is cut, the head and the larger tail kept, with a line saying how much was cut.',
        ).prefault(DEFAULT_LOG_MAX_BYTES),
      })
      .strict()
      .prefault({}),
    gaps: z
      .object({
        max_recover: z
          .number()
          .int()
          .min(0)
          .max(1000)
          .prefault(5)
          .describe('A --mode full run first recovers at most this many gaps (failed windows), oldest first.'),
      })
      .strict()
      .prefault({}),
    history: z
      .object({
        enabled: z
          .boolean()
          .prefault(true)
          .describe('Keep a ledger of every run (etl-cycle history, show, stats). The project lock works either way.'),
        path: z.string().min(1).prefault('.etl-cycle/history.db').describe('The SQLite file of the ledger, relative to this file.'),
        url: z
          .string()
          .regex(/^postgres(?:ql)?:\/\//, 'a PostgreSQL URL such as postgres://user@host:5432/db')
          .optional()
          .describe(
            'Keep the ledger in PostgreSQL instead (shared by CI runners; the project lock then holds across machines). ETL_CYCLE_HISTORY_URL overrides it.',
          ),
        required: z
          .boolean()
          .prefault(false)
          .describe('Fail the run when the ledger cannot be opened or written. Default: one warning, and the run goes on.'),
        retention: ageOrFalse('Delete executions older than this after each run.').prefault('90d'),
        learn: z
          .object({
            deadlines: z
              .boolean()
              .prefault(true)
              .describe('Start readiness deadlines and orchestrator/task timeouts from what past green runs needed.'),
            margin: z.number().min(1).max(10).prefault(1.5).describe('A learned deadline is the p95 of past green runs times this.'),
            min_runs: z.number().int().min(1).max(1000).prefault(3).describe('Green runs needed before a deadline is learned.'),
            window: z.number().int().min(1).max(10000).prefault(20).describe('Learn from this many newest green runs.'),
            min_deadline: duration('No learned deadline or timeout is shorter than this.').prefault(10),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    health: z
      .object({
        max_age: duration(
          'GET /health of `etl-cycle serve` answers 200 only while the last finished run is green and ended less than this long ago (else 503).',
        ).prefault('25h'),
      })
      .strict()
      .prefault({}),
    metrics: z
      .object({
        textfile: z
          .string()
          .regex(/\.prom$/, 'a file name ending in .prom (node_exporter reads only those)')
          .optional()
          .describe(
            "After each run, write the project's metrics to this .prom file atomically (node_exporter's textfile collector), relative to this file.",
          ),
        pushgateway: z
          .url({ protocol: /^https?$/, error: 'an http(s) URL such as http://pushgateway:9091' })
          .optional()
          .describe("After each run, push the project's metrics to this Prometheus Pushgateway (grouped by job and instance)."),
        job: z.string().min(1).prefault('etl_cycle').describe('The job label of pushed metrics.'),
        instance: z.string().min(1).optional().describe("The instance label of pushed metrics (default: this machine's host name)."),
      })
      .strict()
      .prefault({}),
    alerts: alertsSchema.prefault({}).describe('Webhooks called at the end of a run (docs/alerts.md).'),
    schedule: scheduleSchema.prefault({}).describe('When `serve` runs the stack by itself.'),
    rebuild: z
      .union([
        word(REBUILD_MODES).describe('Shorthand for { mode: ... }.'),
        z
          .object({
            mode: word(REBUILD_MODES)
              .prefault('converge')
              .describe(
                "converge: keep a service whose definition (image, command, environment, mounts, ports, limits, healthcheck, the plan's memory limit) is unchanged and that runs healthy; recreate the rest with what depends on them. always: remove and recreate every container in every iteration.",
              ),
            first_iteration: word(['clean', 'converge'])
              .prefault('clean')
              .describe(
                'clean: the first iteration removes everything first (a bootstrap from scratch); converge: it keeps what an earlier run left, if current.',
              ),
          })
          .strict(),
      ])
      .prefault({})
      .describe('What each iteration rebuilds.'),
    cleanup: z
      .object({
        remove_orphans: z
          .boolean()
          .prefault(false)
          .describe('Remove containers of services no longer in the Compose file at every iteration (else only on deep cleanup).'),
        fresh_volumes: z
          .boolean()
          .prefault(false)
          .describe(
            "Drop the project's data volumes before every iteration (like `down -v`), for stacks whose data is disposable. Default: volumes are kept and recreated only when a failure says the schema is broken.",
          ),
        on_success: z.enum(['keep', 'remove']).prefault('keep'),
        on_failure: z.enum(['keep', 'remove']).prefault('keep'),
        on_abort: z.enum(['keep', 'remove']).prefault('remove'),
      })
      .strict()
      .prefault({}),
    secrets: z
      .object({
        names: z
          .array(z.string().min(1))
          .prefault([...DEFAULT_SECRET_NAMES])
          .describe(
            'Variables whose values are masked as *** wherever etl-cycle writes (console, logs, reports): names or globs with *, case-insensitive. Setting it replaces the default list.',
          ),
        values_from_env: z
          .array(z.string().min(1))
          .prefault([])
          .describe('More variables whose values are masked, whatever their names (a DSN, a connection string).'),
      })
      .strict()
      .prefault({})
      .describe('Secrets are masked everywhere etl-cycle writes; credentials in URLs (postgres://user:***@host) always are.'),
    docker: z
      .object({
        labels: z.record(z.string(), z.string()).prefault({}).describe('Extra labels on every container, network and volume.'),
        mode: z
          .enum(['auto', 'containers', 'swarm'])
          .prefault('auto')
          .describe(
            'containers = one container per service, as docker compose up; swarm = Swarm services honouring deploy: (needs a Swarm manager); auto = swarm when the engine is an active Swarm manager, containers otherwise.',
          ),
      })
      .strict()
      .prefault({}),
    patterns: z
      .object({
        packs: z.array(z.string()).prefault([]).describe('Extra pattern packs (YAML/JSON), relative to this file.'),
        disable: z.array(z.string()).prefault([]).describe('Built-in pattern ids to switch off.'),
      })
      .strict()
      .prefault({}),
    tasks: z
      .record(taskId, taskSchema, {
        error: (issue) => (issue.code === 'invalid_key' ? `task id ${JSON.stringify(issue.input)}: ${ID_RULE}` : undefined),
      })
      .prefault({})
      .describe('Tasks of the built-in orchestrator, by id (see docs/orchestrator.md).'),
    workflows: z
      .record(taskId, workflowSchema, {
        error: (issue) => (issue.code === 'invalid_key' ? `workflow name ${JSON.stringify(issue.input)}: ${ID_RULE}` : undefined),
      })
      .prefault({})
      .describe('Named sets of tasks for `etl-cycle orchestrate --workflow` and orchestrator.workflow.'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const { command: cmd, workflow } = config.orchestrator;
    if ((cmd === undefined) === (workflow === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['orchestrator'], message: 'set exactly one of orchestrator.command or orchestrator.workflow' });
    }
    const { initial, max } = config.loop.backoff;
    if (initial > max)
      ctx.addIssue({ code: 'custom', path: ['loop', 'backoff', 'initial'], message: 'must not be larger than loop.backoff.max' });
    if (workflow !== undefined && !Object.hasOwn(config.workflows, workflow)) {
      const known = Object.keys(config.workflows);
      ctx.addIssue({
        code: 'custom',
        path: ['orchestrator', 'workflow'],
        message: `no workflow "${workflow}" is declared (${known.length ? `workflows: ${known.join(', ')}` : 'add it under workflows:'})`,
      });
    }
    for (const [id, task] of Object.entries(config.tasks)) checkTask(id, task, ctx);
    for (const [name, workflow] of Object.entries(config.workflows)) {
      if (workflow.window !== undefined && workflow.window.size < 1000)
        ctx.addIssue({ code: 'custom', path: ['workflows', name, 'window', 'size'], message: 'must be at least 1s, e.g. 15m or 1h' });
    }
  });

type TaskSpecOutput = z.output<typeof taskSchema>;

/** What one task's fields cannot say on their own: one action, and a usable http block. */
function checkTask(id: string, task: TaskSpecOutput, ctx: z.core.$RefinementCtx): void {
  const actions = (['run', 'exec', 'http'] as const).filter((key) => task[key] !== undefined);
  if (actions.length !== 1) {
    const found = actions.length ? `found ${actions.join(' and ')}` : 'found none';
    ctx.addIssue({ code: 'custom', path: ['tasks', id], message: `set exactly one action: run, exec or http (${found})` });
  }
  if (task.cwd !== undefined && task.run === undefined) {
    ctx.addIssue({ code: 'custom', path: ['tasks', id, 'cwd'], message: 'only run tasks take a cwd (an exec task sets exec.workdir)' });
  }
  const http = task.http;
  if (!http) return;
  if (http.body !== undefined && http.body_file !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['tasks', id, 'http', 'body_file'], message: 'set body or body_file, not both' });
  }
  if ((http.method === 'GET' || http.method === 'HEAD') && (http.body !== undefined || http.body_file !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['tasks', id, 'http', 'method'],
      message: `a ${http.method} request has no body; use POST, PUT or PATCH`,
    });
  }
  if (http.expect_body !== undefined) {
    try {
      new RegExp(http.expect_body);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: ['tasks', id, 'http', 'expect_body'],
        message: `not a valid regular expression: ${(error as Error).message}`,
      });
    }
  }
}

export type ParsedConfig = z.output<typeof configSchema>;
export type ReadinessWait = z.output<typeof readinessWaitSchema>;
export type ValidationSpec = ParsedConfig['validations'][number];
export type TaskSpec = ParsedConfig['tasks'][string];
export type WorkflowSpec = ParsedConfig['workflows'][string];

/** The published JSON Schema (input side: what users write). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://etl-cycle.dev/schema/etl-cycle.schema.json',
    title: 'etl-cycle.yaml',
    description: 'Configuration of an etl-cycle project: the stack, the orchestrator, validations, the loop and its adjustments.',
  };
}
