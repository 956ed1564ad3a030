/**
 * The ETL_CYCLE_* environment variables: the one list of their names. The agent sets them for
 * the orchestrator (agent/phases/orchestrate-phase.ts), the built-in orchestrator reads them
 * (orchestrator/read-orchestrator-env.ts) and sets the task ones for each task. README.md
 * documents each.
 */
export const AGENT_VARIABLES = {
  /** `1` whenever the agent runs the orchestrator. */
  marker: 'ETL_CYCLE',
  executionId: 'ETL_CYCLE_EXECUTION_ID',
  project: 'ETL_CYCLE_PROJECT',
  iteration: 'ETL_CYCLE_ITERATION',
  maxIterations: 'ETL_CYCLE_MAX_ITERATIONS',
  /** Scale your step timeouts by it (the built-in orchestrator does). */
  timeoutFactor: 'ETL_CYCLE_TIMEOUT_FACTOR',
  /** Run at most this many steps at once (set when the agent lowers parallelism). */
  maxWorkers: 'ETL_CYCLE_MAX_WORKERS',
  /** `1` when this iteration started on fresh data volumes. */
  recreatedVolumes: 'ETL_CYCLE_RECREATED_VOLUMES',
  /** Where the agent's logs go: the built-in orchestrator writes its reports and task logs there too. */
  logDir: 'ETL_CYCLE_LOG_DIR',
  /** The execution id the built-in orchestrator runs under (the agent picks it, to find the report and resume it). */
  orchestrationId: 'ETL_CYCLE_ORCHESTRATION_ID',
  /**
   * A file the orchestrator (or a task) appends JSON lines of row counts to, e.g.
   * {"rows_read":1000,"rows_written":990,"rows_rejected":10}; etl-cycle sums them (docs/data.md).
   * The agent sets it for an orchestrator command, the built-in orchestrator for each task attempt.
   */
  metricsFile: 'ETL_CYCLE_METRICS_FILE',
} as const;

/** What the built-in orchestrator sets for each task it runs. */
export const TASK_VARIABLES = {
  task: 'ETL_CYCLE_TASK',
  attempt: 'ETL_CYCLE_TASK_ATTEMPT',
  /** The same name as AGENT_VARIABLES.metricsFile: one file per task attempt. */
  metricsFile: AGENT_VARIABLES.metricsFile,
} as const;

/** What the built-in orchestrator sets for every task of a windowed workflow (docs/data.md): ISO 8601, UTC, end exclusive. */
export const WINDOW_VARIABLES = {
  start: 'ETL_WINDOW_START',
  end: 'ETL_WINDOW_END',
} as const;
