/**
 * Writes an execution's report atomically (core/atomic-write.ts) whenever a task starts or
 * ends, so `etl-cycle orchestrate status` and a killed run both see a whole, current report.
 * Writes happen one after another in call order, each with the report as it was when asked
 * for: an older snapshot can never land after a newer one. Secrets are masked as it is written
 * (task output tails, errors with URLs in them).
 */
import { writeFileAtomically } from '../core/atomic-write.js';
import { maskSecretsDeep } from '../core/secret-masker.js';
import type { OrchestrationReport } from './types.js';

export class ReportWriter {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Resolves when this snapshot is on disk; rejects when writing it failed (later writes still run). */
  write(report: OrchestrationReport): Promise<void> {
    const text = `${JSON.stringify(maskSecretsDeep(report), null, 2)}\n`;
    const written = this.queue.then(() => writeFileAtomically(this.file, text));
    this.queue = written.catch(() => undefined);
    return written;
  }
}
