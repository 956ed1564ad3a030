import type { TaskAction } from '../config/types.js';
import { formatCommandLine } from '../process/format-command-line.js';

/** What a task runs, in one line, as written in etl-cycle.yaml (variables not expanded: no secrets in plans and reports). */
export function describeAction(action: TaskAction): string {
  switch (action.type) {
    case 'run':
      return formatCommandLine(action.command);
    case 'exec':
      return `exec in ${action.service}${action.user ? ` as ${action.user}` : ''}: ${formatCommandLine(action.command)}`;
    case 'http': {
      const body = action.bodyFile !== undefined ? ` with ${action.bodyFile}` : action.body !== undefined ? ' with a body' : '';
      return `${action.method} ${action.url}${body}`;
    }
  }
}
