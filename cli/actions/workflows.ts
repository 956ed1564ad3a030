/**
 * What `etl-cycle workflows list` does. Loaded lazily by cli/commands/workflows.ts.
 */
import { findConfigFile, loadConfig } from '../../config/load-config.js';
import { formatWorkflowList, workflowListJson } from '../../orchestrator/format-definitions.js';
import type { ListArgs } from '../commands/workflows.js';

export async function listWorkflows(args: ListArgs): Promise<string> {
  const config = await loadConfig(await findConfigFile(process.cwd(), args.config));
  return args.json
    ? `${JSON.stringify(workflowListJson(config.workflows, config.tasks), null, 2)}\n`
    : formatWorkflowList(config.workflows, config.tasks);
}
