/**
 * The built-in orchestrator prefixes every line of a task's output with `[<task id>] `. The
 * agent strips that prefix before the classifier sees the line (patterns are written for the
 * tools' own output, some anchored at the start of the line) and remembers which task each
 * line came from, so a match can name the task that failed: the `task` capture, the report's
 * `failed_task`, the diagnosis.
 */
import { splitTaskLine } from '../core/task-line.js';
import type { Classification, PatternMatch } from '../patterns/types.js';

/** Which task wrote each line of one source (line numbers as the classifier counts them). */
export class LineTasks {
  private readonly byLine = new Map<number, string>();
  private lines = 0;

  /** Record the next line; returns the text to classify. */
  next(line: string): string {
    this.lines += 1;
    const { task, text } = splitTaskLine(line);
    if (task !== undefined) this.byLine.set(this.lines, task);
    return text;
  }

  /** Count a line written without a task (etl-cycle's own notes). */
  skip(): void {
    this.lines += 1;
  }

  taskOf(line: number): string | undefined {
    return this.byLine.get(line);
  }
}

export function attributeTasks(classification: Classification, source: string, tasks: LineTasks): Classification {
  const withTask = (match: PatternMatch): PatternMatch => {
    if (match.captures.task !== undefined || match.source !== source) return match;
    const task = tasks.taskOf(match.line);
    return task === undefined ? match : { ...match, captures: { ...match.captures, task } };
  };
  return {
    ...classification,
    primaryMatch: classification.primaryMatch && withTask(classification.primaryMatch),
    matches: classification.matches.map(withTask),
  };
}
