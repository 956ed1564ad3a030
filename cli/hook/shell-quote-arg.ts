/** One argument for a POSIX shell script, in single quotes (a quote inside becomes '\''). */
export function shellQuoteArg(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
