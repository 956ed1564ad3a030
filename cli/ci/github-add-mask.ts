/**
 * On GitHub Actions, tell the runner about every secret before anything prints it
 * (`::add-mask::<value>`, the workflow command `core.setSecret` writes): the runner then masks it
 * in the job log too, in what etl-cycle's children print directly and in step summaries.
 */
import { workflowCommand } from './github-commands.js';

export function addMaskCommands(values: readonly string[]): string {
  return values.map((value) => `${workflowCommand('add-mask', {}, value)}\n`).join('');
}
