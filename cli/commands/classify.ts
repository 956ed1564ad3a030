/**
 * `etl-cycle classify [FILE|-] [--json] [--patterns PATH ...]`: the classifier on its own, for
 * a log at hand. Prints the root-cause class, the line that decided it and its hint (or with
 * --json one object: primary class and every match). Exits 0 whether or not a failure was
 * found: finding none is an answer, not an error. The classifier is in cli/actions/classify.ts,
 * loaded only when this command runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

interface ClassifyArgs extends GlobalArgs {
  file: string;
  json: boolean;
  patterns?: string[];
  disable?: string[];
}

export const classifyCommand: CommandModule<GlobalArgs, ClassifyArgs> = {
  command: 'classify [file]',
  describe: 'Classify the output of a failed run (a log file, or - for stdin): root-cause class, deciding line, hint',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .positional('file', { type: 'string', default: '-', describe: 'Log file to classify; - reads stdin' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object: {primary, matches}' })
      .option('patterns', {
        type: 'string',
        array: true,
        describe: 'Extra pattern pack files (YAML/JSON); their ids override built-in ones',
      })
      .option('disable', { type: 'string', array: true, describe: 'Pattern ids to switch off' }) as unknown as Argv<ClassifyArgs>,
  handler: async (args: ArgumentsCamelCase<ClassifyArgs>) => {
    const { classifyInput, formatClassification, toClassifyJson } = await import('../actions/classify.js');
    const classification = await classifyInput({ file: args.file, patterns: args.patterns, disable: args.disable });
    process.stdout.write(args.json ? `${JSON.stringify(toClassifyJson(classification))}\n` : formatClassification(classification));
  },
};
