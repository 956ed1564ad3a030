/**
 * On GitHub Actions, an error the user can fix (bad etl-cycle.yaml, Compose file, flag) becomes
 * an error annotation too, pointing at the file, line and column when the error knows them, so
 * the pull request shows it on the offending key.
 */
import { isAbsolute, relative } from 'node:path';
import type { EtlCycleError } from '../../core/errors.js';
import { annotation } from './github-commands.js';

export function errorAnnotation(error: EtlCycleError, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (env.GITHUB_ACTIONS !== 'true') return undefined;
  const location = error.location;
  const file = location ? workspacePath(location.file, env.GITHUB_WORKSPACE ?? cwd) : undefined;
  return annotation('error', error.message, {
    title: `etl-cycle: ${error.code === 'E_CONFIG' ? 'configuration error' : error.code === 'E_USAGE' ? 'usage error' : 'error'}`,
    file,
    line: location?.line,
    col: location?.col,
  });
}

/** GitHub links an annotation to a file given relative to the repository root. */
function workspacePath(file: string, workspace: string): string {
  if (!isAbsolute(file)) return file;
  const inside = relative(workspace, file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split('\\').join('/') : file;
}
