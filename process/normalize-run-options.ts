/**
 * Checks `runProcess` options and fills in defaults. These values come from etl-cycle.yaml via
 * the config layer, so a bad one is a bug upstream; the message still names the option, the
 * value and its type so it can be traced in one read.
 */
import { ProcessStartError } from '../core/errors.js';
import type { RunProcessOptions } from './types.js';

export const DEFAULT_KILL_GRACE_MS = 5_000;
export const DEFAULT_MAX_BUFFER_BYTES = 64 * 1024;
/**
 * setTimeout fires at once for anything above 2^31-1 ms (about 24.8 days), which would turn a
 * very long timeout into an immediate kill; longer ones are clamped to it (as good as none).
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type NormalizedRunOptions = RunProcessOptions & { killGraceMs: number; maxBufferBytes: number };

export function normalizeRunOptions(options: RunProcessOptions): NormalizedRunOptions {
  validateCommand(options.command);
  validateCwd(options.cwd);
  validateEnv(options.env);
  validateMilliseconds('timeoutMs', options.timeoutMs, { allowZero: false });
  validateMilliseconds('killGraceMs', options.killGraceMs, { allowZero: true });
  validateMaxBufferBytes(options.maxBufferBytes);
  if (options.logMaxBytes !== undefined && !(Number.isSafeInteger(options.logMaxBytes) && options.logMaxBytes > 0)) {
    throw invalid('logMaxBytes', options.logMaxBytes, 'a positive integer');
  }
  validateCallback('onLine', options.onLine);
  validateCallback('onOutput', options.onOutput);
  validateCallback('onSpawn', options.onSpawn);
  if (options.logFile !== undefined && (typeof options.logFile !== 'string' || options.logFile === '')) {
    throw invalid('logFile', options.logFile, 'a file path');
  }
  return {
    ...options,
    // Infinity reads as "no timeout", which is what it means.
    timeoutMs:
      options.timeoutMs === undefined || options.timeoutMs === Number.POSITIVE_INFINITY
        ? undefined
        : Math.min(options.timeoutMs, MAX_TIMER_MS),
    killGraceMs: Math.min(options.killGraceMs ?? DEFAULT_KILL_GRACE_MS, MAX_TIMER_MS),
    maxBufferBytes: options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES,
  };
}

function validateCommand(command: unknown): void {
  if (typeof command === 'string') {
    if (command.trim() === '') throw invalid('command', command, 'a non-empty shell line');
    return;
  }
  if (!Array.isArray(command) || command.length === 0 || !command.every((part) => typeof part === 'string') || command[0] === '') {
    throw invalid('command', command, 'a shell line or a non-empty array of strings (program first)');
  }
}

function validateCwd(cwd: unknown): void {
  if (typeof cwd !== 'string' || cwd === '') throw invalid('cwd', cwd, 'a directory path');
}

function validateEnv(env: unknown): void {
  if (env === undefined) return;
  if (typeof env !== 'object' || env === null || !Object.values(env).every((value) => typeof value === 'string')) {
    throw invalid('env', env, 'an object of string values');
  }
}

function validateMilliseconds(name: string, value: unknown, { allowZero }: { allowZero: boolean }): void {
  if (value === undefined) return;
  const ok = typeof value === 'number' && !Number.isNaN(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw invalid(name, value, `${allowZero ? 'a non-negative' : 'a positive'} number of milliseconds`);
}

function validateMaxBufferBytes(value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw invalid('maxBufferBytes', value, 'a non-negative integer');
}

function validateCallback(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') throw invalid(name, value, 'a function');
}

function invalid(name: string, value: unknown, expected: string): ProcessStartError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? JSON.stringify(value) : String(value);
  return new ProcessStartError(
    `runProcess: option "${name}" must be ${expected}, got ${shown} (${Array.isArray(value) ? 'array' : typeof value})`,
  );
}
