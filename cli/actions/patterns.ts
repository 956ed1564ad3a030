/**
 * What `etl-cycle patterns list | check` does. Loaded lazily by cli/commands/patterns.ts.
 */
import { PatternPackError } from '../../core/errors.js';
import { checkPacks } from '../../patterns/checks/check-packs.js';
import type { PackCheckReport } from '../../patterns/checks/check-packs.js';
import { loadCatalogue } from '../../patterns/load-catalogue.js';
import { formatPackProblem } from '../../patterns/catalogue/pack-problem.js';
import type { PatternInfo } from '../../patterns/types.js';

export async function listPatterns(options: { patterns?: string[]; disable?: string[] } = {}): Promise<readonly PatternInfo[]> {
  const catalogue = await loadCatalogue({ packs: options.patterns, disable: options.disable });
  return catalogue.patterns;
}

export function toListJson(p: PatternInfo): { id: string; class: string; pack: string; hint: string; source: string } {
  return { id: p.id, class: p.class, pack: p.pack, hint: p.hint, source: p.source };
}

/** `patterns check`: print the report on the packs (the built-in ones when `paths` is empty), then fail if it found problems. */
export async function checkPatternPacks(paths: string[]): Promise<void> {
  const report = await checkPacks(paths);
  process.stdout.write(formatPackCheckReport(report));
  throwIfProblems(report);
}

export function formatPatternList(patterns: readonly PatternInfo[]): string {
  if (patterns.length === 0) return 'no patterns\n';
  const idWidth = Math.max(...patterns.map((p) => p.id.length));
  const classWidth = Math.max(...patterns.map((p) => p.class.length));
  const rows = patterns.map(
    (p) => `${p.id.padEnd(idWidth)}  ${p.class.padEnd(classWidth)}  ${p.source === 'user' ? '(user) ' : ''}${p.hint}`,
  );
  return `${rows.join('\n')}\n${patterns.length} patterns\n`;
}

export function formatPackCheckReport(report: PackCheckReport): string {
  const lines: string[] = [];
  for (const warning of report.warnings) lines.push(`warning: ${formatPackProblem(warning)}`);
  for (const problem of report.problems) lines.push(`error: ${formatPackProblem(problem)}`);
  const summary = `checked ${report.files.length} pack file(s): ${report.patterns} valid pattern(s), ${report.examples} example(s), ${report.nearMisses} near-miss(es)`;
  lines.push(
    report.problems.length === 0
      ? `${summary}: all good${report.warnings.length ? ` (${report.warnings.length} warning(s))` : ''}`
      : `${summary}: ${report.problems.length} problem(s)`,
  );
  return `${lines.join('\n')}\n`;
}

export function throwIfProblems(report: PackCheckReport): void {
  if (report.problems.length === 0) return;
  const files = new Set(report.problems.map((p) => p.file)).size;
  throw new PatternPackError(`${report.problems.length} problem(s) in ${files} pattern pack file(s), listed above`);
}
