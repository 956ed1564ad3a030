/**
 * `etl-cycle patterns list [--json]` and `etl-cycle patterns check [PATH ...]`.
 *
 * `check` validates packs (the built-in ones when no path is given) with every check — schema,
 * regexes, examples, near-misses, ReDoS — and lists every problem before failing, so a pack
 * author sees all of them in one run; it then throws one PatternPackError counting them
 * (exit 2). Warnings (a slow prefilter literal, a non-standard capture name) do not fail it.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { PatternPackError } from '../../core/errors.js';
import { checkPacks } from '../../patterns/check-packs.js';
import type { PackCheckReport } from '../../patterns/check-packs.js';
import { loadCatalogue } from '../../patterns/load-catalogue.js';
import { formatPackProblem } from '../../patterns/pack-problem.js';
import type { PatternInfo } from '../../patterns/types.js';
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
  builder: (y: Argv<GlobalArgs>) => y
    .option('json', { type: 'boolean', default: false, describe: 'Print a JSON array' })
    .option('patterns', { type: 'string', array: true, describe: 'Extra pattern pack files (YAML/JSON)' })
    .option('disable', { type: 'string', array: true, describe: 'Pattern ids to leave out' }) as unknown as Argv<ListArgs>,
  handler: async (args: ArgumentsCamelCase<ListArgs>) => {
    const patterns = await listPatterns({ patterns: args.patterns, disable: args.disable });
    process.stdout.write(args.json ? `${JSON.stringify(patterns.map(toListJson), null, 2)}\n` : formatPatternList(patterns));
  },
};

const checkCommand: CommandModule<GlobalArgs, CheckArgs> = {
  command: 'check [paths..]',
  describe: 'Validate pattern packs (the built-in ones when no path is given): schema, examples, near-misses, ReDoS',
  builder: (y: Argv<GlobalArgs>) => y
    .positional('paths', { type: 'string', array: true, describe: 'Pack files or folders of them' }) as unknown as Argv<CheckArgs>,
  handler: async (args: ArgumentsCamelCase<CheckArgs>) => {
    const report = await checkPacks(args.paths ?? []);
    process.stdout.write(formatPackCheckReport(report));
    throwIfProblems(report);
  },
};

export const patternsCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'patterns <command>',
  describe: 'List or check the failure patterns the classifier uses',
  builder: (y: Argv<GlobalArgs>) => y.command(listCommand).command(checkCommand).demandCommand(1, 'name a subcommand: list or check'),
  handler: () => undefined,
};

export async function listPatterns(options: { patterns?: string[]; disable?: string[] } = {}): Promise<readonly PatternInfo[]> {
  const catalogue = await loadCatalogue({ packs: options.patterns, disable: options.disable });
  return catalogue.patterns;
}

function toListJson(p: PatternInfo): { id: string; class: string; pack: string; hint: string; source: string } {
  return { id: p.id, class: p.class, pack: p.pack, hint: p.hint, source: p.source };
}

export function formatPatternList(patterns: readonly PatternInfo[]): string {
  if (patterns.length === 0) return 'no patterns\n';
  const idWidth = Math.max(...patterns.map((p) => p.id.length));
  const classWidth = Math.max(...patterns.map((p) => p.class.length));
  const rows = patterns.map((p) => `${p.id.padEnd(idWidth)}  ${p.class.padEnd(classWidth)}  ${p.source === 'user' ? '(user) ' : ''}${p.hint}`);
  return `${rows.join('\n')}\n${patterns.length} patterns\n`;
}

export function formatPackCheckReport(report: PackCheckReport): string {
  const lines: string[] = [];
  for (const warning of report.warnings) lines.push(`warning: ${formatPackProblem(warning)}`);
  for (const problem of report.problems) lines.push(`error: ${formatPackProblem(problem)}`);
  const summary = `checked ${report.files.length} pack file(s): ${report.patterns} valid pattern(s), ${report.examples} example(s), ${report.nearMisses} near-miss(es)`;
  lines.push(report.problems.length === 0
    ? `${summary}: all good${report.warnings.length ? ` (${report.warnings.length} warning(s))` : ''}`
    : `${summary}: ${report.problems.length} problem(s)`);
  return `${lines.join('\n')}\n`;
}

export function throwIfProblems(report: PackCheckReport): void {
  if (report.problems.length === 0) return;
  const files = new Set(report.problems.map((p) => p.file)).size;
  throw new PatternPackError(`${report.problems.length} problem(s) in ${files} pattern pack file(s), listed above`);
}
