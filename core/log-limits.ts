/** The default `logs.max_size`: one iteration's orchestrator log, or one task's log, is cut past it. */
export const DEFAULT_LOG_MAX_BYTES = 100 * 1024 ** 2;
