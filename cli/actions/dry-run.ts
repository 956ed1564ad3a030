/**
 * `etl-cycle run --dry-run`: everything a run checks before it starts, and the exact plan, with
 * nothing created, started or changed (no logs folder, no lock, no ledger row, no container).
 * Exit 0 only if the run could start: the config and Compose file load, the tasks check, the
 * engine answers, the images are there or can be built, the host ports are free. A bad config
 * is exit 2 as for `run`; a blocking check is exit 1, each one on a ✗ line.
 */
import { resolve } from 'node:path';
import { EXIT_FAILURE, EXIT_SUCCESS } from '../../core/errors.js';
import { checkTasks } from '../../orchestrator/check-tasks.js';
import { planExecution } from '../../orchestrator/plan-execution.js';
import { readOrchestratorEnv } from '../../orchestrator/read-orchestrator-env.js';
import { WINDOW_VARIABLES } from '../../core/agent-variables.js';
import { openProject } from '../../project/open-project.js';
import { formatPreparedWindows, prepareWindows } from '../../session/windows/prepare-windows.js';
import type { RunArgs } from '../commands/run.js';
import type { CheckResult } from '../doctor/doctor-check.js';
import { formatRunPlan } from '../dry-run/format-run-plan.js';
import { preflight } from '../dry-run/preflight.js';
import { parseOverridesFromArgs } from '../options.js';
import { applyOverrides } from '../parse-overrides.js';

const MARKS = { ok: '✓', warn: '!', fail: '✗' } as const;

export async function dryRunAgent(args: RunArgs): Promise<number> {
  const cwd = process.cwd();
  const warnings: string[] = [];
  const project = await openProject({
    cwd,
    configPath: args.config,
    override: (loaded) => applyOverrides(loaded, parseOverridesFromArgs(args), (p) => resolve(cwd, p)),
    onWarning: (w) => warnings.push(w),
  });
  checkTasks(project.config, project.model);
  const { config } = project;
  const workflowPlan =
    config.orchestrator.workflow === undefined
      ? undefined
      : planExecution({ config, selection: { workflow: config.orchestrator.workflow }, flags: {}, env: readOrchestratorEnv({}) });
  const windowed = workflowPlan
    ? await prepareWindows({ mode: args.mode }, config, workflowPlan, project.name, undefined, (w) => warnings.push(w), false)
    : undefined;
  process.stdout.write(formatRunPlan(project, workflowPlan, windowed ? [WINDOW_VARIABLES.start, WINDOW_VARIABLES.end] : []));
  if (windowed) {
    process.stdout.write(formatPreparedWindows(windowed));
    await windowed.close();
  }
  const checks = await preflight(args, project.config, project.model, {
    services: true,
    engine: workflowPlan?.tasks.some((t) => t.action.type === 'exec') ?? false,
  });
  return printVerdict(checks, warnings, 'the run could start');
}

/** The checks, one line each, and the verdict; the exit code of the dry run. */
export function printVerdict(checks: readonly CheckResult[], warnings: readonly string[], could: string): number {
  const lines = [
    '',
    'checks:',
    ...warnings.map((w) => `  ! config: ${w}`),
    ...checks.map((c) => `  ${MARKS[c.status]} ${c.name}: ${c.detail}`),
  ];
  if (checks.length === 0 && warnings.length === 0) lines.push('  ✓ config: loads; nothing else to check (no services to start)');
  const blocking = checks.filter((c) => c.status === 'fail').length;
  lines.push('', blocking === 0 ? `dry run: ${could}` : `dry run: ${blocking} problem(s) would stop the run`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return blocking === 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
