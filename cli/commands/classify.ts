/**
 * `etl-cycle classify [FILE|-] [--exit-code N] [--json] [--suggest] [--patterns PATH ...]`: the
 * classifier on its own, for a log at hand. Prints the root-cause class, the line that decided
 * it and its hint; what recovered or was only a warning; with --exit-code 0, whether the output
 * ends in a fatal error (a suspicious success); when nothing matched, the likely cause lines
 * (and with --suggest a pattern for a user pack). --json prints one object instead. Exits 0
 * whether or not a failure was found: finding none is an answer, not an error. The classifier
 * is in cli/actions/classify.ts, loaded only when this command runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

interface ClassifyArgs extends GlobalArgs {
  file: string;
  json: boolean;
  suggest: boolean;
  exitCode?: unknown;
  patterns?: string[];
  disable?: string[];
}

export const classifyCommand: CommandModule<GlobalArgs, ClassifyArgs> = {
  command: 'classify [file]',
  describe: 'Classify the output of a run (a log file, or - for stdin): root-cause class, deciding line, hint',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('file', { type: 'string', default: '-', describe: 'Log file to classify; - reads stdin' })
      .option('exit-code', {
        type: 'string',
        describe: 'How the run ended: 0 = it succeeded (only a fatal ending is reported), anything else = it failed',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object: {primary, matches, ...}' })
      .option('suggest', {
        type: 'boolean',
        default: false,
        describe: 'When no pattern matched, propose one for a user pack (YAML) from the likely cause line',
      })
      .option('patterns', {
        type: 'string',
        array: true,
        describe: 'Extra pattern pack files (YAML/JSON); their ids override built-in ones',
      })
      .option('disable', { type: 'string', array: true, describe: 'Pattern ids to switch off' }) as unknown as Argv<ClassifyArgs>,
  handler: async (args: ArgumentsCamelCase<ClassifyArgs>) => {
    const { runClassify } = await import('../actions/classify.js');
    process.stdout.write(
      await runClassify({
        file: args.file,
        exitCode: args.exitCode,
        json: args.json,
        suggest: args.suggest,
        patterns: args.patterns,
        disable: args.disable,
      }),
    );
  },
};
