/**
 * The schema of a pattern pack (`patterns/packs/<pack>.yaml`, or a user's YAML/JSON file),
 * written once with zod: it validates packs, gives the TypeScript type, and generates the
 * published JSON Schema (schema/pattern-pack.schema.json; a unit test fails when they drift).
 * Rules a schema cannot express (the regex compiles, examples match, ids carry the pack
 * prefix, ...) live in validate-pack.ts.
 */
import { z } from 'zod';
import { ERROR_CLASS_IDS } from '../../core/error-classes.js';

/**
 * The layers of the catalogue: product packs know one software's messages; the generic layer
 * (errno names, exception classes, SQLSTATEs, HTTP statuses) reads any program's output and
 * loses to them.
 */
export const PATTERN_TIERS = ['product', 'generic'] as const;

const tierSchema = z
  .enum(PATTERN_TIERS)
  .describe(
    '"product" (default): a message of one software. "generic": a reading of any program\'s output (errno names, exception classes, SQLSTATEs, HTTP statuses); a product match of the same standing wins over it wherever it is.',
  );

export const PACK_NAME_PATTERN = /^[a-z0-9_-]+$/;
/** `<pack>.<snake_case_name>`. */
export const PATTERN_ID_PATTERN = /^[a-z0-9_-]+\.[a-z0-9_]+$/;

const exampleSchema = z.union([
  z.string().min(1).describe('A real line as real software prints it; it must match the pattern.'),
  z.strictObject({
    line: z.string().min(1).describe('A real line as real software prints it; it must match the pattern.'),
    captures: z
      .record(z.string(), z.string())
      .optional()
      .describe('Named captures the match must yield, e.g. { table: public.customers }.'),
  }),
]);

export const patternSchema = z.strictObject({
  id: z
    .string()
    .regex(PATTERN_ID_PATTERN)
    .describe('"<pack>.<snake_case_name>", unique across all packs and stable forever: users disable and override patterns by id.'),
  class: z.enum(ERROR_CLASS_IDS).describe('The error class a match means (docs/error-classes.md).'),
  regex: z
    .string()
    .min(1)
    .describe('JavaScript RegExp source, matched against one line (ANSI stripped, at most 8 KiB); named groups become captures.'),
  case_sensitive: z.boolean().optional().describe('Default false: the regex is matched case-insensitively.'),
  weak: z
    .boolean()
    .optional()
    .describe('A generic symptom ("exited with code 1", "Traceback"): never chosen as the root cause over a non-weak match.'),
  tier: tierSchema.optional().describe("Overrides the pack's tier for this pattern (see the pack's `tier`)."),
  hint: z.string().min(1).describe('One actionable line; {capture} placeholders are filled from the named captures.'),
  examples: z.array(exampleSchema).min(1).describe('Real lines that must match this pattern.'),
  near_misses: z
    .array(z.string().min(1))
    .optional()
    .describe('Real lines that must NOT match this pattern (healthy output with scary words, neighbouring failures).'),
  source: z.string().optional().describe('Where the message comes from (a URL to the code or docs that print it).'),
});

export const packSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Editor support: the path or URL of this JSON Schema.'),
    pack: z.string().regex(PACK_NAME_PATTERN).describe('The pack name: the file name without extension.'),
    description: z.string().optional(),
    tier: tierSchema.optional(),
    patterns: z.array(patternSchema).describe('The patterns of this pack.'),
  })
  .meta({
    title: 'etl-cycle pattern pack',
    description: 'Failure patterns etl-cycle classifies output with (docs/classifier.md).',
  });

export type PatternPack = z.infer<typeof packSchema>;
export type PatternDefinition = z.infer<typeof patternSchema>;
export type PatternExample = z.infer<typeof exampleSchema>;
