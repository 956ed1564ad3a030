/**
 * On GitHub Actions, append the run's outcome as Markdown to the job summary
 * ($GITHUB_STEP_SUMMARY), so a failed check explains itself without opening the logs.
 */
import { appendFile } from 'node:fs/promises';
import type { RunReport } from '../../agent/report.js';
import { describeOutcome } from '../progress/describe.js';

export async function writeGithubSummary(report: RunReport, env: NodeJS.ProcessEnv): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = report.cycles.map(
    (c) =>
      `| ${c.iteration} | ${c.success ? '✅' : c.status === 'aborted' ? '⏹' : '❌'} | ${c.duration_seconds}s | ${c.primary_class ?? ''} | ${cell(c.adjustments.join('; '))} |`,
  );
  const lines = [
    `### etl-cycle: ${report.overall_success ? '✅' : '❌'} ${cell(describeOutcome(report))}`,
    '',
    ...(report.diagnosis && !report.overall_success ? [`**Diagnosis:** ${cell(report.diagnosis)}`, ''] : []),
    '| iteration | result | duration | class | adjustments for the next |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    `Report: \`${report.report_file}\``,
    '',
  ];
  await appendFile(file, lines.join('\n'));
}
