/**
 * The built-in orchestrator labels every line of a task's output `[<task id>] <text>` in its
 * combined stream; the agent reads the label back to name the task that failed. Both sides,
 * and the schema that validates task ids, use this one definition.
 */
const TASK_ID = '[A-Za-z0-9_.:-]+';

/** What a task id may contain (letters, digits, _ . : -). */
export const TASK_ID_PATTERN = new RegExp(`^${TASK_ID}$`);

const LABELLED_LINE = new RegExp(`^\\[(${TASK_ID})\\] `);

export function labelTaskLine(taskId: string, text: string): string {
  return `[${taskId}] ${text}`;
}

/** Splits `[task] text` into its task and text; other lines have no task. */
export function splitTaskLine(line: string): { task?: string; text: string } {
  const match = LABELLED_LINE.exec(line);
  return match ? { task: match[1], text: line.slice(match[0].length) } : { text: line };
}
