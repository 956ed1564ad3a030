/**
 * Everything a finished run leaves for the CI it runs in, in one call at the end of `run`:
 * on GitHub Actions the job summary and the step outputs; with `--junit PATH` (any CI) a JUnit
 * XML file. A CI file that cannot be written costs a warning, never the run's result.
 */
import { dirname, resolve } from 'node:path';
import type { RunReport } from '../../agent/report.js';
import { errorMessage } from '../../core/errors.js';
import { listReports } from '../../orchestrator/read-reports.js';
import { runOutputs, writeGithubOutputs } from './github-outputs.js';
import { writeGithubSummary } from './github-summary.js';
import { orchestrationsOf, writeJunitReport } from './junit-report.js';

export interface CiOutputOptions {
  env: NodeJS.ProcessEnv;
  /** `--junit PATH`, relative to `cwd`. */
  junit?: string;
  cwd: string;
  warn: (message: string) => void;
}

export async function writeCiOutputs(report: RunReport, options: CiOutputOptions): Promise<void> {
  const { env, warn } = options;
  if (env.GITHUB_ACTIONS === 'true') {
    await writeGithubSummary(report, env).catch((error) => warn(`GITHUB_STEP_SUMMARY: cannot append the summary (${errorMessage(error)})`));
    await writeGithubOutputs({ ...runOutputs(report) }, env).catch((error) =>
      warn(`GITHUB_OUTPUT: cannot write the step outputs (${errorMessage(error)})`),
    );
  }
  if (options.junit) {
    const path = resolve(options.cwd, options.junit);
    try {
      // The built-in orchestrator leaves one report per iteration next to the run's report.
      const orchestrations = orchestrationsOf(report, await listReports(dirname(report.report_file)));
      await writeJunitReport(path, report, orchestrations);
    } catch (error) {
      warn(`--junit ${options.junit}: cannot write the JUnit report (${errorMessage(error)})`);
    }
  }
}
