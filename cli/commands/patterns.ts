/**
 * `etl-cycle patterns list [--json]` and `etl-cycle patterns check [PATH ...]`.
 *
 * `check` validates packs (the built-in ones when no path is given) with every check — schema,
 * regexes, examples, near-misses, ReDoS — and lists every problem before failing, so a pack
 * author sees all of them in one run; it then throws one PatternPackError counting them
 * (exit 2). Warnings (a slow prefilter literal, a non-standard capture name) do not fail it.
 * The implementation is in cli/actions/patterns.ts, loaded only when a subcommand runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

interface ListArgs extends GlobalArgs {
  json: boolean;
  patterns?: string[];
  disable?: string[];
}

interface CheckArgs extends GlobalArgs {
  paths?: string[];
}

const listCommand: CommandModule<GlobalArgs, ListArgs> = {
  command: 'list',
  describe: 'List the failure patterns: id, class, pack, hint',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array' })
      .option('patterns', { type: 'string', array: true, describe: 'Extra pattern pack files (YAML/JSON)' })
      .option('disable', { type: 'string', array: true, describe: 'Pattern ids to leave out' }) as unknown as Argv<ListArgs>,
  handler: async (args: ArgumentsCamelCase<ListArgs>) => {
    const { formatPatternList, listPatterns, toListJson } = await import('../actions/patterns.js');
    const patterns = await listPatterns({ patterns: args.patterns, disable: args.disable });
    process.stdout.write(args.json ? `${JSON.stringify(patterns.map(toListJson), null, 2)}\n` : formatPatternList(patterns));
  },
};

const checkCommand: CommandModule<GlobalArgs, CheckArgs> = {
  command: 'check [paths..]',
  describe: 'Validate pattern packs (the built-in ones when no path is given): schema, examples, near-misses, ReDoS',
  builder: (y: Argv<GlobalArgs>) =>
    y.positional('paths', { type: 'string', array: true, describe: 'Pack files or folders of them' }) as unknown as Argv<CheckArgs>,
  handler: async (args: ArgumentsCamelCase<CheckArgs>) => {
    const { checkPatternPacks } = await import('../actions/patterns.js');
    await checkPatternPacks(args.paths ?? []);
  },
};

export const patternsCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'patterns <command>',
  describe: 'List or check the failure patterns the classifier uses',
  builder: (y: Argv<GlobalArgs>) => y.command(listCommand).command(checkCommand).demandCommand(1, 'name a subcommand: list or check'),
  handler: () => undefined,
};
