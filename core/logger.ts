/**
 * Logging, behind a small interface so nothing else imports winston.
 * Console: human-readable lines, quiet by default (warnings and errors), `debug` with --debug.
 * File: one JSON object per line, everything from debug up, for machines and post-mortems.
 */
import winston from 'winston';
import Transport from 'winston-transport';
import { maskSecrets, maskSecretsDeep } from './secret-masker.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogMeta = Record<string, unknown>;

export interface Logger {
  error(message: string, meta?: LogMeta): void;
  warn(message: string, meta?: LogMeta): void;
  info(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
  /** A logger that adds `meta` to every entry (e.g. `{iteration: 2}` or `{container: id}`). */
  child(meta: LogMeta): Logger;
  /** Flush and close file transports. */
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** Level for the console sink; omit the sink entirely with `console: false`. */
  consoleLevel?: LogLevel | false;
  /** Where console lines go. Defaults to stderr; the progress renderer passes its own writer. */
  consoleWrite?: (line: string) => void;
  /** JSON-lines file receiving every entry from debug up. */
  jsonFile?: string;
}

class LineTransport extends Transport {
  constructor(
    private readonly emitLine: (line: string) => void,
    level: LogLevel,
  ) {
    super({ level });
  }
  override log(info: winston.Logform.TransformableInfo, next: () => void): void {
    const { level, message, timestamp: _ts, ...meta } = info;
    const details = Object.entries(meta)
      .filter(([key]) => typeof key === 'string')
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    const prefix = level === 'info' ? '' : `${level}: `;
    this.emitLine(`${prefix}${String(message)}${details ? `  (${details})` : ''}`);
    next();
  }
}

class WinstonLogger implements Logger {
  constructor(private readonly inner: winston.Logger) {}
  error(message: string, meta?: LogMeta): void {
    this.inner.error(message, meta);
  }
  warn(message: string, meta?: LogMeta): void {
    this.inner.warn(message, meta);
  }
  info(message: string, meta?: LogMeta): void {
    this.inner.info(message, meta);
  }
  debug(message: string, meta?: LogMeta): void {
    this.inner.debug(message, meta);
  }
  child(meta: LogMeta): Logger {
    return new WinstonLogger(this.inner.child(meta));
  }
  close(): Promise<void> {
    return new Promise((resolve) => {
      const fileTransports = this.inner.transports.filter((t) => t instanceof winston.transports.File);
      if (fileTransports.length === 0) {
        resolve();
        return;
      }
      let pending = fileTransports.length;
      for (const transport of fileTransports) {
        transport.on('finish', () => {
          pending -= 1;
          if (pending === 0) resolve();
        });
      }
      this.inner.end();
    });
  }
}

/**
 * Every entry, on every sink, passes the process's secret masker first (core/secret-masker.ts):
 * a secret registered after the logger was made is masked all the same.
 */
const maskEntry = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (key === 'level') continue;
    const value = info[key];
    info[key] = typeof value === 'string' ? maskSecrets(value) : maskSecretsDeep(value);
  }
  return info;
});

export function createLogger(options: LoggerOptions = {}): Logger {
  const transports: Transport[] = [];
  if (options.consoleLevel !== false) {
    const write = options.consoleWrite ?? ((line: string) => process.stderr.write(`${line}\n`));
    transports.push(new LineTransport(write, options.consoleLevel ?? 'warn'));
  }
  if (options.jsonFile) {
    transports.push(
      new winston.transports.File({
        filename: options.jsonFile,
        level: 'debug',
        format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
      }),
    );
  }
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  return new WinstonLogger(winston.createLogger({ level: 'debug', format: maskEntry(), transports }));
}

/** A logger that drops everything: the default for library calls and unit tests. */
export function silentLogger(): Logger {
  return createLogger({ consoleLevel: false });
}
