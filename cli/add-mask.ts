/**
 * On GitHub Actions, tell the runner about every secret before anything prints it
 * (`::add-mask::<value>`, the workflow command `core.setSecret` writes): the runner then masks it
 * in the job log too, in what etl-cycle's children print directly and in step summaries.
 */
export function addMaskCommands(values: readonly string[]): string {
  // The runner's escaping of command data (the toolkit's escapeData).
  const escape = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  return values.map((value) => `::add-mask::${escape(value)}\n`).join('');
}
