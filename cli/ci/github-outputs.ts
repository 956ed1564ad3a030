/**
 * Step outputs for GitHub Actions ($GITHUB_OUTPUT), so the composite action and a plain `run:`
 * step both expose the run's outcome as `steps.<id>.outputs.*`. Written in the multiline-safe
 * form of actions/toolkit's `core.setOutput`: `name<<DELIMITER`, the value, `DELIMITER`, with a
 * random delimiter that neither the name nor the value contains.
 */
import { randomUUID } from 'node:crypto';
import { appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';
import type { RunReport } from '../../agent/report.js';

/** The outputs a run sets; action.yml declares the same names. */
export interface RunOutputs {
  success: string;
  'stop-reason': string;
  iterations: string;
  'execution-id': string;
  'report-path': string;
  /** The error class of the last failed iteration; empty when the last iteration was green. */
  class: string;
  diagnosis: string;
}

export function runOutputs(report: RunReport): RunOutputs {
  const last = report.cycles.at(-1);
  return {
    success: String(report.overall_success),
    'stop-reason': report.stop_reason ?? '',
    iterations: String(report.iterations_executed),
    'execution-id': report.execution_id,
    'report-path': report.report_file,
    class: last && !last.success ? (last.primary_class ?? 'unknown') : '',
    diagnosis: report.overall_success ? '' : (report.diagnosis ?? ''),
  };
}

export function formatOutputs(outputs: Record<string, string>, newDelimiter: () => string = () => `ghadelimiter_${randomUUID()}`): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      let delimiter = newDelimiter();
      // A random UUID will not be in the value; the loop only makes that certain.
      while (name.includes(delimiter) || value.includes(delimiter)) delimiter = newDelimiter();
      return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
    })
    .join('');
}

/** Appends the outputs to the file GitHub names in GITHUB_OUTPUT; nothing when it is unset. */
export async function writeGithubOutputs(outputs: Record<string, string>, env: NodeJS.ProcessEnv): Promise<void> {
  const file = env.GITHUB_OUTPUT;
  if (!file) return;
  await appendFile(file, formatOutputs(outputs), 'utf8');
}
