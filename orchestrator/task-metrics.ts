/**
 * The metrics file of one task attempt: where it lives, emptied before the attempt (a re-run of
 * the same execution must not add to the last one's counts), and read after it. A missing file
 * is a task that reported nothing; an unreadable one is a warning, never a failed task.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

export { readMetricsFile } from '../core/read-metrics-file.js';

export function metricsFileOf(logDir: string, taskId: string, attempt: number): string {
  return join(logDir, `${taskId}.attempt-${attempt}.metrics.jsonl`);
}

export async function clearMetricsFile(file: string): Promise<void> {
  await rm(file, { force: true });
}
