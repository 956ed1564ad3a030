/**
 * The built-in orchestrator prefixes every line of a task's output with `[<task id>] `. A match on
 * such a line is about that task: record it as the `task` capture so the report, the diagnosis
 * and the planner can name the task that failed. Output without the prefix is left as it is.
 */
import type { Classification, PatternMatch } from '../patterns/types.js';

const TASK_PREFIX = /^\[([A-Za-z0-9_.:-]+)\] /;

export function taskOfLine(text: string): string | undefined {
  return TASK_PREFIX.exec(text)?.[1];
}

function withTask(match: PatternMatch): PatternMatch {
  if (match.captures.task !== undefined || match.source !== 'orchestrator') return match;
  const task = taskOfLine(match.text);
  return task === undefined ? match : { ...match, captures: { ...match.captures, task } };
}

export function attributeTasks(classification: Classification): Classification {
  return {
    ...classification,
    primaryMatch: classification.primaryMatch && withTask(classification.primaryMatch),
    matches: classification.matches.map(withTask),
  };
}
