/**
 * The window mode of a run (`run --mode`, `runCycle({ mode })`), checked before the run starts
 * and handed to the built-in orchestrator: a mode for a project without a windowed workflow is
 * a usage error now, not a failure in iteration 1.
 */
import type { EtlCycleConfig } from '../config/types.js';
import { UsageError } from '../core/errors.js';
import { WINDOW_MODES } from '../history/windows.js';
import type { WindowMode } from '../history/windows.js';

/** `field` names the option in the error (`--mode` for the CLI, `mode` for the API). */
export function checkWindowMode(mode: string | undefined, config: EtlCycleConfig, field: string): WindowMode | undefined {
  if (mode === undefined) return undefined;
  if (!(WINDOW_MODES as readonly string[]).includes(mode))
    throw new UsageError(`${field}: expected ${WINDOW_MODES.join(' or ')}, got ${JSON.stringify(mode)}`);
  const workflow = config.workflows.find((w) => w.name === config.orchestrator.workflow);
  if (!workflow?.window)
    throw new UsageError(
      `${field}: ${workflow ? `workflow ${workflow.name} declares no window` : 'the orchestrator is a command, not a workflow'}; add window: { size: 1h } to the workflow orchestrator.workflow runs`,
    );
  return mode as WindowMode;
}
