/**
 * The normalized configuration the rest of etl-cycle works with: camelCase, absolute paths,
 * durations in milliseconds, sizes in bytes, defaults filled in.
 */
import type { GitMode } from '../core/git-modes.js';
import type { ErrorClassId } from '../core/error-classes.js';
import type { ReadinessWait } from './schema.js';

export type { ReadinessWait } from './schema.js';

export interface BackoffSettings {
  initialMs: number;
  factor: number;
  maxMs: number;
  jitter: number;
  skipWhenAdjusted: boolean;
}

export type ValidationCheck =
  | { type: 'command'; name: string; command: string[] | string; cwd: string; env: Record<string, string>; timeoutMs: number }
  | { type: 'file_exists'; name: string; path: string; nonEmpty: boolean }
  | { type: 'exec'; name: string; service: string; command: string[]; expectOutput?: string; timeoutMs: number }
  | { type: 'output_clean'; name: string };

/** Waits between the attempts of a task: `initialMs`, then ×`factor` each time, at most `maxMs`. */
export interface RetryPolicy {
  count: number;
  initialMs: number;
  factor: number;
  maxMs: number;
}

/** JSON as a task's http body holds it (a mapping or list from the YAML). */
export type JsonBody = Record<string, unknown> | unknown[];

/** What a task does: exactly one of these. */
export type TaskAction =
  | { type: 'run'; command: string[] | string; cwd: string }
  | { type: 'exec'; service: string; command: string[] | string; user?: string; workdir?: string }
  | {
      type: 'http';
      method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
      url: string;
      headers: Record<string, string>;
      body?: string | JsonBody;
      /** Absolute path of a JSON file sent as the body. */
      bodyFile?: string;
      /** Accepted statuses; undefined = any 2xx. */
      expectStatus?: number[];
      expectBody?: string;
    };

/** Data gates of a task (docs/data.md): each set field must hold after the task succeeded. */
export interface TaskGates {
  minAcceptanceRatio?: number;
  minRowsWritten?: number;
  maxRowsRejected?: number;
  /** A host command whose exit code decides, run in the task's folder (a run task's cwd, else the config folder). */
  check?: { command: string[] | string; cwd: string };
}

/** A task of the built-in orchestrator. */
export interface TaskConfig {
  id: string;
  name: string;
  description?: string;
  category: string;
  dependsOn: string[];
  timeoutMs: number;
  retries: RetryPolicy;
  critical: boolean;
  /** Reused when an execution is resumed (false: it always runs again, with everything depending on it). */
  resume: boolean;
  /** Values as written: `${VAR}` is expanded when the task runs. */
  env: Record<string, string>;
  action: TaskAction;
  validate?: TaskGates;
}

export interface WorkflowConfig {
  name: string;
  description?: string;
  tasks: string[];
  parallel: boolean;
  maxWorkers: number;
  continueOnFailure: boolean;
  /** Window by window (docs/data.md): each run processes `sizeMs` of time. */
  window?: { sizeMs: number };
}

/** The run ledger (history/): where it is kept, what happens when it fails, how long it keeps runs. */
export interface HistorySettings {
  enabled: boolean;
  /** Absolute path of the SQLite file. */
  path: string;
  /** PostgreSQL URL (config; ETL_CYCLE_HISTORY_URL is read where the store is opened). */
  url?: string;
  required: boolean;
  /** Executions older than this are deleted after each run; undefined = kept forever. */
  retentionMs: number | undefined;
  learn: { deadlines: boolean; margin: number; minRuns: number; window: number; minDeadlineMs: number };
}

export type AlertEvent = 'failure' | 'recovery' | 'success_rate' | 'gaps';

/** A webhook alerts are POSTed to. The URL and the signing secret may come from the environment, read when sending. */
export interface AlertWebhook {
  name: string;
  format: 'slack' | 'json';
  url?: string;
  urlEnv?: string;
  secretEnv?: string;
  headers: Record<string, string>;
  events: AlertEvent[];
}

/** alerts: in etl-cycle.yaml (alerts/, docs/alerts.md). */
export interface AlertSettings {
  webhooks: AlertWebhook[];
  failure: boolean;
  recovery: boolean;
  successRate?: { below: number; windowMs: number; minRuns: number };
  gaps?: { olderThanMs: number };
  timeoutMs: number;
  retries: RetryPolicy;
}

/** schedule: in etl-cycle.yaml (schedule/; `serve --schedule` overrides cron). */
export interface ScheduleSettings {
  cron?: string;
  timezone?: string;
  catchUp: boolean;
}

export interface EtlCycleConfig {
  /** Absolute path of the config file (undefined when built from flags alone). */
  file?: string;
  /** Folder relative paths are resolved against. */
  dir: string;
  project?: string;
  /** false = no Compose file, only the orchestrator. `file` undefined = look for one in `dir`. */
  compose: false | { file?: string; envFiles: string[]; profiles: string[] };
  orchestrator: {
    command?: string[] | string;
    workflow?: string;
    cwd: string;
    env: Record<string, string>;
    timeoutMs: number;
    killGraceMs: number;
    /** auto: after a failure that leaves earlier results valid, the next iteration resumes the built-in orchestrator's execution. */
    resume: 'auto' | 'never';
  };
  validations: ValidationCheck[];
  readiness: {
    timeoutMs: number;
    settleMs: number;
    services: Record<string, { wait?: ReadinessWait; timeoutMs?: number; settleMs?: number }>;
    /** Where port and HTTP checks run from (docker/readiness/probe-route.ts). */
    probe: 'auto' | 'host' | 'engine';
    probeImage?: string;
  };
  loop: { maxIterations: number; timeBudgetMs: number; backoff: BackoffSettings };
  adjustments: {
    growthFactor: number;
    readinessTimeoutMaxMs: number;
    orchestratorTimeoutMaxMs: number;
    settleMaxMs: number;
    memoryMaxBytes: number;
  };
  classes: Partial<Record<ErrorClassId, { retry?: boolean }>>;
  git: {
    mode: GitMode;
    required: boolean;
    refPrefix: string;
    keepExecutions: number;
    remote?: string;
    /** Untracked files in the snapshot (secret-looking ones never are). */
    untracked: 'exclude' | 'include';
  };
  /** `maxBytes`: cap of each orchestrator log (per iteration) and task log. */
  logs: { dir: string; maxBytes: number };
  history: HistorySettings;
  /** `etl-cycle serve`'s GET /health: green only while the last finished run is green and younger than this. */
  health: { maxAgeMs: number };
  /** Prometheus batch-job exports at the end of each run: a node_exporter textfile (absolute path) and a Pushgateway. */
  metrics: { textfile?: string; pushgateway?: string; job: string; instance?: string };
  /** Failed windows (docs/data.md): how many a --mode full run recovers first. */
  gaps: { maxRecover: number };
  alerts: AlertSettings;
  schedule: ScheduleSettings;
  /** Which variables' values are masked: name globs, and names whose values are secret whatever they are called. */
  secrets: { names: string[]; valuesFromEnv: string[] };
  rebuild: {
    /** converge: keep current, running, healthy services; always: recreate every container every iteration. */
    mode: 'converge' | 'always';
    /** clean: the first iteration removes everything first; converge: it may keep what an earlier run left. */
    firstIteration: 'clean' | 'converge';
  };
  cleanup: {
    removeOrphans: boolean;
    freshVolumes: boolean;
    onSuccess: 'keep' | 'remove';
    onFailure: 'keep' | 'remove';
    onAbort: 'keep' | 'remove';
  };
  docker: { labels: Record<string, string>; mode: 'auto' | 'containers' | 'swarm' };
  patterns: { packs: string[]; disable: string[] };
  /** Tasks of the built-in orchestrator, in declaration order. */
  tasks: TaskConfig[];
  /** Workflows of the built-in orchestrator, in declaration order. */
  workflows: WorkflowConfig[];
}
