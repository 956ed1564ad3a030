import { buildPrefilter } from './build-prefilter.js';
import type { Prefilter } from './build-prefilter.js';
import type { CompiledPattern } from './compiled-pattern.js';
import { PatternStreamClassifier } from './pattern-stream-classifier.js';
import type { Catalogue, PatternInfo, StreamClassifier } from '../types.js';

/** The loaded, validated patterns; the prefilter is built once and shared by every classifier. */
export class PatternCatalogue implements Catalogue {
  readonly patterns: readonly PatternInfo[];
  private readonly prefilter: Prefilter;

  /** `prefilter`: one built for exactly these patterns (the compiled built-in catalogue carries one), else built here. */
  constructor(
    readonly compiled: readonly CompiledPattern[],
    prefilter?: Prefilter,
  ) {
    this.patterns = compiled.map((p) => ({
      id: p.id,
      class: p.class,
      regex: p.regex.source,
      hint: p.hint,
      pack: p.pack,
      source: p.origin,
      tier: p.tier,
      weak: p.weak,
    }));
    this.prefilter = prefilter ?? buildPrefilter(compiled);
  }

  createClassifier(): StreamClassifier {
    return new PatternStreamClassifier(this.compiled, this.prefilter);
  }
}
