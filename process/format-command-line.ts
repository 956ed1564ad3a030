/**
 * The command as a user would type it, for reports and log lines: a shell line as given, argv
 * quoted POSIX-style only where needed (`psql -c 'select 1'`), so it can be pasted back into a
 * shell to reproduce the run.
 */
const NEEDS_NO_QUOTES = /^[\w@%+=:,./-]+$/;

export function formatCommandLine(command: readonly string[] | string): string {
  if (typeof command === 'string') return command;
  return command.map(quoteArgument).join(' ');
}

function quoteArgument(argument: string): string {
  return NEEDS_NO_QUOTES.test(argument) ? argument : `'${argument.replaceAll("'", `'\\''`)}'`;
}
