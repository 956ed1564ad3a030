import { isAbsolute, resolve } from 'node:path';
import { ALERT_EVENTS } from './schema.js';
import type { ParsedConfig, TaskSpec, ValidationSpec, WorkflowSpec } from './schema.js';
import type { AlertSettings, EtlCycleConfig, RetryPolicy, TaskAction, TaskConfig, ValidationCheck, WorkflowConfig } from './types.js';

/** Parsed (schema-valid) config → the normalized form; `dir` anchors relative paths. */
export function normalizeConfig(parsed: ParsedConfig, dir: string, file?: string): EtlCycleConfig {
  const at = (path: string) => (isAbsolute(path) ? path : resolve(dir, path));
  const { orchestrator: o, readiness: r, loop: l, adjustments: a, git: g, cleanup: c, history: h } = parsed;
  return {
    file,
    dir,
    project: parsed.project,
    compose:
      parsed.compose === false
        ? false
        : {
            file: parsed.compose.file === undefined ? undefined : at(parsed.compose.file),
            envFiles: parsed.compose.env_files.map(at),
            profiles: parsed.compose.profiles,
          },
    orchestrator: {
      command: o.command,
      workflow: o.workflow,
      cwd: at(o.cwd),
      env: o.env,
      timeoutMs: o.timeout,
      killGraceMs: o.kill_grace,
      resume: o.resume,
    },
    validations: parsed.validations.map((v, index) => normalizeValidation(v, index, at)),
    readiness: {
      timeoutMs: r.timeout,
      settleMs: r.settle,
      services: Object.fromEntries(
        Object.entries(r.services).map(([name, s]) => [name, { wait: s.wait, timeoutMs: s.timeout, settleMs: s.settle }]),
      ),
      probe: r.probe,
      ...(r.probe_image === undefined ? {} : { probeImage: r.probe_image }),
    },
    loop: {
      maxIterations: l.max_iterations,
      timeBudgetMs: l.time_budget,
      backoff: {
        initialMs: l.backoff.initial,
        factor: l.backoff.factor,
        maxMs: l.backoff.max,
        jitter: l.backoff.jitter,
        skipWhenAdjusted: l.backoff.skip_when_adjusted,
      },
    },
    adjustments: {
      growthFactor: a.growth_factor,
      readinessTimeoutMaxMs: a.readiness_timeout_max,
      orchestratorTimeoutMaxMs: a.orchestrator_timeout_max,
      settleMaxMs: a.settle_max,
      memoryMaxBytes: a.memory_max,
    },
    classes: parsed.classes,
    git: {
      mode: g.mode,
      required: g.required,
      refPrefix: g.ref_prefix,
      keepExecutions: g.keep_executions,
      remote: g.remote,
      untracked: g.untracked,
    },
    logs: { dir: at(parsed.logs.dir), maxBytes: parsed.logs.max_size },
    health: { maxAgeMs: parsed.health.max_age },
    metrics: {
      ...(parsed.metrics.textfile === undefined ? {} : { textfile: at(parsed.metrics.textfile) }),
      ...(parsed.metrics.pushgateway === undefined ? {} : { pushgateway: parsed.metrics.pushgateway }),
      job: parsed.metrics.job,
      ...(parsed.metrics.instance === undefined ? {} : { instance: parsed.metrics.instance }),
    },
    secrets: { names: parsed.secrets.names, valuesFromEnv: parsed.secrets.values_from_env },
    // The schema checked the words; its refined strings do not narrow the type.
    rebuild:
      typeof parsed.rebuild === 'string'
        ? { mode: parsed.rebuild as 'converge' | 'always', firstIteration: 'clean' }
        : {
            mode: parsed.rebuild.mode as 'converge' | 'always',
            firstIteration: parsed.rebuild.first_iteration as 'clean' | 'converge',
          },
    gaps: { maxRecover: parsed.gaps.max_recover },
    history: {
      enabled: h.enabled,
      path: at(h.path),
      url: h.url,
      required: h.required,
      retentionMs: h.retention === false ? undefined : h.retention,
      learn: {
        deadlines: h.learn.deadlines,
        margin: h.learn.margin,
        minRuns: h.learn.min_runs,
        window: h.learn.window,
        minDeadlineMs: h.learn.min_deadline,
      },
    },
    alerts: normalizeAlerts(parsed.alerts),
    schedule: { cron: parsed.schedule.cron, timezone: parsed.schedule.timezone, catchUp: parsed.schedule.catch_up },
    cleanup: {
      removeOrphans: c.remove_orphans,
      freshVolumes: c.fresh_volumes,
      onSuccess: c.on_success,
      onFailure: c.on_failure,
      onAbort: c.on_abort,
    },
    docker: { labels: parsed.docker.labels, mode: parsed.docker.mode },
    patterns: { packs: parsed.patterns.packs.map(at), disable: parsed.patterns.disable },
    tasks: Object.entries(parsed.tasks).map(([id, task]) => normalizeTask(id, task, at)),
    workflows: Object.entries(parsed.workflows).map(([name, workflow]) => normalizeWorkflow(name, workflow)),
  };
}

/** `retries: 3` reads as three retries with the default waits (1s, ×2, at most 30s). */
const DEFAULT_RETRY_WAITS = { initialMs: 1000, factor: 2, maxMs: 30_000 };

/** A webhook without a name is named by its host (a URL from the environment: by the variable). */
function normalizeAlerts(a: ParsedConfig['alerts']): AlertSettings {
  return {
    webhooks: a.webhooks.map((hook) => ({
      name: hook.name ?? (hook.url === undefined ? `$${hook.url_env}` : new URL(hook.url).host),
      format: hook.format,
      ...(hook.url === undefined ? {} : { url: hook.url }),
      ...(hook.url_env === undefined ? {} : { urlEnv: hook.url_env }),
      ...(hook.secret_env === undefined ? {} : { secretEnv: hook.secret_env }),
      headers: hook.headers,
      events: hook.events ?? [...ALERT_EVENTS],
    })),
    failure: a.failure,
    recovery: a.recovery,
    ...(a.success_rate === undefined
      ? {}
      : { successRate: { below: a.success_rate.below, windowMs: a.success_rate.window, minRuns: a.success_rate.min_runs } }),
    ...(a.gaps === undefined ? {} : { gaps: { olderThanMs: a.gaps.older_than } }),
    timeoutMs: a.timeout,
    retries: retryPolicyOf(a.retries),
  };
}

function retryPolicyOf(retries: TaskSpec['retries']): RetryPolicy {
  return typeof retries === 'number'
    ? { count: retries, ...DEFAULT_RETRY_WAITS }
    : { count: retries.count, initialMs: retries.initial, factor: retries.factor, maxMs: retries.max };
}

function normalizeTask(id: string, task: TaskSpec, at: (p: string) => string): TaskConfig {
  const retries = retryPolicyOf(task.retries);
  return {
    id,
    name: task.name ?? id,
    description: task.description,
    category: task.category,
    dependsOn: task.depends_on,
    timeoutMs: task.timeout,
    retries,
    critical: task.critical,
    resume: task.resume,
    env: task.env,
    action: normalizeAction(task, at),
    ...(task.validate === undefined
      ? {}
      : {
          validate: {
            minAcceptanceRatio: task.validate.min_acceptance_ratio,
            minRowsWritten: task.validate.min_rows_written,
            maxRowsRejected: task.validate.max_rows_rejected,
            check: task.validate.check === undefined ? undefined : { command: task.validate.check, cwd: at(task.cwd ?? '.') },
          },
        }),
  };
}

/** The schema guarantees exactly one action is set. */
function normalizeAction(task: TaskSpec, at: (p: string) => string): TaskAction {
  if (task.exec)
    return { type: 'exec', service: task.exec.service, command: task.exec.command, user: task.exec.user, workdir: task.exec.workdir };
  if (task.http) {
    const h = task.http;
    return {
      type: 'http',
      method: h.method,
      url: h.url,
      headers: h.headers,
      body: h.body,
      bodyFile: h.body_file === undefined ? undefined : at(h.body_file),
      expectStatus: h.expect_status === undefined ? undefined : [h.expect_status].flat(),
      expectBody: h.expect_body,
    };
  }
  return { type: 'run', command: task.run!, cwd: at(task.cwd ?? '.') };
}

function normalizeWorkflow(name: string, workflow: WorkflowSpec): WorkflowConfig {
  return {
    name,
    description: workflow.description,
    tasks: workflow.tasks,
    parallel: workflow.parallel,
    maxWorkers: workflow.max_workers,
    continueOnFailure: workflow.continue_on_failure,
    ...(workflow.window === undefined ? {} : { window: { sizeMs: workflow.window.size } }),
  };
}

function normalizeValidation(v: ValidationSpec, index: number, at: (p: string) => string): ValidationCheck {
  const name = v.name ?? `${v.type} #${index + 1}`;
  switch (v.type) {
    case 'command':
      return { type: 'command', name, command: v.command, cwd: at(v.cwd ?? '.'), env: v.env ?? {}, timeoutMs: v.timeout };
    case 'file_exists':
      return { type: 'file_exists', name: v.name ?? `file ${v.path} exists`, path: at(v.path), nonEmpty: v.non_empty };
    case 'exec':
      return { type: 'exec', name, service: v.service, command: v.command, expectOutput: v.expect_output, timeoutMs: v.timeout };
    case 'output_clean':
      return { type: 'output_clean', name: v.name ?? 'orchestrator output has no classified failure' };
  }
}
