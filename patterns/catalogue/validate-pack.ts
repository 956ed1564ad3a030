/**
 * Turns the parsed data of one pack file into compiled patterns, collecting every problem:
 * schema violations, a pack name that is not the file stem, ids without the pack prefix,
 * duplicate ids, regexes that do not compile, hint placeholders without a capture, examples
 * that do not match (or yield other captures), near-misses that match. Warnings are things
 * that work but cost speed or consistency (no prefilter literal, non-standard capture names).
 * The ReDoS check is separate (check-redos.ts): it is slow, so built-in packs skip it at load.
 */
import { basename, extname } from 'node:path';
import { z } from 'zod';
import { ERROR_CLASS_IDS } from '../../core/error-classes.js';
import { errorMessage } from '../../core/errors.js';
import { CAPTURE_NAMES } from './capture-names.js';
import type { CompiledPattern, PatternOrigin, PatternTier } from '../engine/compiled-pattern.js';
import { deriveLiterals } from './derive-literals.js';
import { matchPattern } from '../engine/match-pattern.js';
import { normalizeLine } from '../engine/normalize-line.js';
import type { PackProblem } from './pack-problem.js';
import { packSchema, patternSchema } from './pack-schema.js';
import type { PatternDefinition } from './pack-schema.js';

export interface ValidatePackContext {
  origin: PatternOrigin;
  /** Built-in ids a user pack may override whatever its own pack name is. */
  overridableIds?: ReadonlySet<string>;
}

export interface ValidatedPack {
  file: string;
  /** Undefined when the pack did not even pass the schema. */
  pack: string | undefined;
  patterns: CompiledPattern[];
  problems: PackProblem[];
  warnings: PackProblem[];
  examples: number;
  nearMisses: number;
}

/** Literals shorter than this find too many lines to be a useful prefilter. */
const SHORT_LITERAL = 4;
const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const STANDARD_CAPTURES: ReadonlySet<string> = new Set(CAPTURE_NAMES);
const envelopeSchema = packSchema.extend({ patterns: z.array(z.unknown()) });

export function validatePack(file: string, data: unknown, context: ValidatePackContext): ValidatedPack {
  const result: ValidatedPack = { file, pack: undefined, patterns: [], problems: [], warnings: [], examples: 0, nearMisses: 0 };
  // The envelope first, then each pattern on its own: one bad pattern must not hide the problems of the others.
  const parsed = envelopeSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    result.problems.push(...parsed.error.issues.map((issue) => schemaProblem(file, data, issue)));
    return result;
  }
  const pack = { ...parsed.data, patterns: [] as PatternDefinition[] };
  parsed.data.patterns.forEach((item, index) => {
    const one = patternSchema.safeParse(item, { reportInput: true });
    if (one.success) pack.patterns.push(one.data);
    else
      result.problems.push(
        ...one.error.issues.map((issue) => schemaProblem(file, data, { ...issue, path: ['patterns', index, ...issue.path] })),
      );
  });
  result.pack = pack.pack;
  const stem = basename(file, extname(file));
  if (pack.pack !== stem) {
    result.problems.push({
      file,
      message: `pack name "${pack.pack}" must equal the file name without extension ("${stem}"): rename the file or the pack`,
    });
  }
  const seen = new Set<string>();
  for (const definition of pack.patterns) {
    const problem = (message: string) => result.problems.push({ file, pattern: definition.id, message });
    if (seen.has(definition.id)) problem('duplicate id in this pack');
    seen.add(definition.id);
    const overrides = context.origin === 'user' && context.overridableIds?.has(definition.id) === true;
    if (!definition.id.startsWith(`${pack.pack}.`) && !overrides) {
      problem(`id must start with the pack name "${pack.pack}." (or be the id of a built-in pattern it overrides)`);
    }
    const compiled = compileDefinition(file, pack.pack, definition, context.origin, definition.tier ?? pack.tier ?? 'product');
    if (typeof compiled === 'string') {
      problem(compiled);
      continue;
    }
    const before = result.problems.length;
    verifyHint(compiled, definition, problem);
    verifyExamples(compiled, problem);
    result.examples += compiled.examples.length;
    result.nearMisses += compiled.nearMisses.length;
    collectWarnings(compiled, result.warnings);
    if (result.problems.length === before) result.patterns.push(compiled);
  }
  return result;
}

function compileDefinition(
  file: string,
  pack: string,
  definition: PatternDefinition,
  origin: PatternOrigin,
  tier: PatternTier,
): CompiledPattern | string {
  let regex: RegExp;
  try {
    regex = new RegExp(definition.regex, definition.case_sensitive === true ? '' : 'i');
  } catch (error) {
    return `invalid regex: ${errorMessage(error)}`;
  }
  return {
    id: definition.id,
    class: definition.class,
    regex,
    hint: definition.hint,
    weak: definition.weak === true,
    tier,
    pack,
    origin,
    file,
    literals: deriveLiterals(definition.regex),
    examples: definition.examples,
    nearMisses: definition.near_misses ?? [],
  };
}

/** Names of every named group in the regex (an empty alternative makes it match, listing them all). */
function groupNames(pattern: CompiledPattern): string[] {
  const probe = new RegExp(`${pattern.regex.source}|`, pattern.regex.flags).exec('');
  return Object.keys(probe?.groups ?? {});
}

function verifyHint(pattern: CompiledPattern, definition: PatternDefinition, problem: (message: string) => void): void {
  const names = new Set(groupNames(pattern));
  for (const [, name] of definition.hint.matchAll(PLACEHOLDER)) {
    if (name !== undefined && !names.has(name)) problem(`hint uses {${name}} but the regex has no named group "${name}"`);
  }
}

function verifyExamples(pattern: CompiledPattern, problem: (message: string) => void): void {
  pattern.examples.forEach((example, index) => {
    const text = typeof example === 'string' ? example : example.line;
    const line = normalizeLine(text);
    const found = matchPattern(pattern, line, line.toLowerCase());
    if (!found) {
      problem(`example ${index + 1} does not match: ${quote(text)}`);
      return;
    }
    if (typeof example !== 'string' && example.captures) {
      for (const [name, expected] of Object.entries(example.captures)) {
        const actual = found.captures[name];
        if (actual !== expected)
          problem(
            `example ${index + 1} captures ${name}=${actual === undefined ? '(nothing)' : quote(actual)}, expected ${quote(expected)}`,
          );
      }
    }
  });
  pattern.nearMisses.forEach((text, index) => {
    const line = normalizeLine(text);
    if (matchPattern(pattern, line, line.toLowerCase())) problem(`near-miss ${index + 1} matches but must not: ${quote(text)}`);
  });
}

function collectWarnings(pattern: CompiledPattern, warnings: PackProblem[]): void {
  const warn = (message: string) => warnings.push({ file: pattern.file, pattern: pattern.id, message });
  if (pattern.literals.length === 0) {
    warn('no literal text the prefilter can use, so the regex runs on every line: include a fixed word or phrase of the message');
  } else {
    const shortest = pattern.literals.reduce((a, b) => (b.length < a.length ? b : a));
    if (shortest.length < SHORT_LITERAL)
      warn(`its prefilter literal ${quote(shortest)} is short and will pick many lines: include a longer fixed phrase`);
  }
  for (const name of groupNames(pattern)) {
    if (!STANDARD_CAPTURES.has(name))
      warn(`capture "${name}" is not a standard capture name (${CAPTURE_NAMES.join(', ')}); the planner will not act on it`);
  }
}

function schemaProblem(file: string, data: unknown, issue: z.core.$ZodIssue): PackProblem {
  const path = issue.path;
  let pattern: string | undefined;
  let field = path.map(String).join('.');
  if (path[0] === 'patterns' && typeof path[1] === 'number') {
    const raw = (data as { patterns?: unknown[] }).patterns?.[path[1]];
    const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
    if (typeof id === 'string' && id) pattern = id;
    field = pattern
      ? path.slice(2).map(String).join('.')
      : `patterns[${path[1]}]${path.length > 2 ? `.${path.slice(2).map(String).join('.')}` : ''}`;
  }
  const message = describeIssue(issue);
  return { file, ...(pattern === undefined ? {} : { pattern }), message: field ? `${field}: ${message}` : message };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const got = 'input' in issue && issue.input !== undefined ? `, got ${describeValue(issue.input)}` : '';
  switch (issue.code) {
    case 'invalid_value':
      if (issue.path[issue.path.length - 1] === 'class') return `unknown class${got}; expected one of ${ERROR_CLASS_IDS.join(', ')}`;
      return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}${got}`;
    case 'invalid_type':
      return issue.input === undefined ? `is required (${issue.expected})` : `expected ${issue.expected}${got}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    case 'invalid_format':
      if (issue.path[issue.path.length - 1] === 'id') return `must look like "<pack>.<snake_case_name>"${got}`;
      if (issue.path[issue.path.length - 1] === 'pack') return `must be lowercase letters, digits, "_" or "-"${got}`;
      return `${issue.message}${got}`;
    case 'too_small':
      return issue.origin === 'array' ? `needs at least ${String(issue.minimum)} item(s)` : 'must not be empty';
    case 'invalid_union':
      return `expected a line (string) or { line, captures }${got}`;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function quote(text: string): string {
  const short = text.length > 120 ? `${text.slice(0, 117)}...` : text;
  return JSON.stringify(short);
}
