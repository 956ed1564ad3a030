/**
 * A git failure as one readable message: git's own words when git ran, and a plain statement
 * when it could not be started at all (simple-git reports that as a stack trace).
 */
export function gitFailureMessage(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).trim();
  if (/spawn \S*git ENOENT/.test(text)) return 'git is not installed or not on PATH (spawn git ENOENT)';
  // simple-git wraps spawn errors as "Error: <message>\n    at ...": keep the message only.
  if (/^Error: .*\n\s+at /.test(text)) return text.split('\n')[0]!.replace(/^Error: /, '');
  return text === '' ? 'git failed without a message' : text;
}
