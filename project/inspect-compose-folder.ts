/**
 * The Compose model of a folder that has no etl-cycle.yaml yet (`etl-cycle init`, `doctor`):
 * its Compose file found the way `docker compose` finds it, loaded by the same loader a run
 * uses, so what init writes about the services is what a run will see.
 */
import { locateComposeFile } from '../docker/compose/find-compose-file.js';
import { loadComposeProject } from '../docker/compose/load-compose-project.js';
import type { ProjectModel } from '../docker/types.js';

/** The folder's Compose model, or undefined when the folder has no Compose file. */
export async function inspectComposeFolder(dir: string, onWarning: (message: string) => void): Promise<ProjectModel | undefined> {
  const located = await locateComposeFile(dir);
  located.warnings.forEach(onWarning);
  if (!located.file) return undefined;
  const { project, warnings } = await loadComposeProject({ file: located.file });
  warnings.forEach(onWarning);
  return project;
}
