// action.yml's `args` input → argv for `etl-cycle run`, split the way a shell would split it
// (quotes, escapes) by shell-quote — without a shell, so nothing in the input is ever run or
// expanded. Prints the words NUL-separated for bash's `mapfile -d ''`. An operator or glob
// (`;`, `|`, `*`) is refused with one line: the input is arguments, not a command line.
// shell-quote is resolved from the etl-cycle the action runs (CLI), so it is the same copy.
import { createRequire } from 'node:module';

const require = createRequire(process.env.CLI ?? import.meta.url);
const { parse } = require('shell-quote');
const words = parse(process.env.INPUT_ARGS ?? '', (name) => `$${name}`);
const bad = words.find((word) => typeof word !== 'string');
if (bad !== undefined) {
  process.stderr.write(
    `::error title=etl-cycle::args: ${JSON.stringify(bad.op ?? bad.pattern ?? bad)} is not an argument; give etl-cycle run arguments only (quote values with spaces)\n`,
  );
  process.exit(2);
}
process.stdout.write(words.map((word) => `${word}\0`).join(''));
