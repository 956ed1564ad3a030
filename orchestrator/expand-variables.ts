/**
 * `${VAR}`, `${VAR:-default}` (Compose syntax, `$$` for a literal `$`) in what a task declares:
 * its env values expand against the orchestrator's environment; exec and http fields against
 * the task's env over the orchestrator's. So `PGPASSWORD: ${DB_ADMIN_PASSWORD:-admin-secret}`
 * hands a host variable to a command inside a container. Run commands are not expanded: the
 * shell does it for a shell line, and an argv list is passed as written.
 */
import { TasksConfigError } from '../core/errors.js';
import type { TaskConfig } from '../config/types.js';
import { InterpolationError, interpolateString } from '../core/interpolate.js';
import type { VariableLookup } from '../core/interpolate.js';

export interface TaskVariables {
  /** The task's env, expanded. */
  env: Record<string, string>;
  /** Expands one field of the task (`field` names it in errors: "http.url"). */
  expand(value: string, field: string): string;
}

/** `onUnset` hears about variables used bare (`${X}`) that are not set and became "". */
export function resolveTaskVariables(
  task: TaskConfig,
  processEnv: Readonly<Record<string, string | undefined>>,
  onUnset: (variable: string, field: string) => void,
): TaskVariables {
  const expandWith = (lookup: VariableLookup, value: string, field: string): string => {
    try {
      const result = interpolateString(value, lookup);
      for (const name of result.unset) onUnset(name, field);
      return result.value;
    } catch (error) {
      if (error instanceof InterpolationError) throw new TasksConfigError(`tasks.${task.id}.${field}: ${error.message}`, { cause: error });
      throw error;
    }
  };
  const env = Object.fromEntries(
    Object.entries(task.env).map(([name, value]) => [name, expandWith((n) => processEnv[n], value, `env.${name}`)]),
  );
  const lookup: VariableLookup = (name) => env[name] ?? processEnv[name];
  return { env, expand: (value, field) => expandWith(lookup, value, field) };
}
