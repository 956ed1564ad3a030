/**
 * A logger that drops everything, without loading winston: for the read-only commands (history,
 * show, stats, serve) whose start-up must stay light when --debug is off.
 */
import type { Logger } from './logger.js';

export const QUIET_LOGGER: Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  child: () => QUIET_LOGGER,
  close: async () => undefined,
};
