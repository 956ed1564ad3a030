/**
 * The one rule that splits the corpus into a train half (which may be read while patterns are
 * written) and a held-out half (which is only ever scored). Used by the report and the tests.
 *
 * The split is a hash of the fixture's path, so it is fixed before anyone sees a file: a
 * capture script decides the fault and the expected class, writes the file, and the path
 * alone says which half it lands in. Fixtures read while the packs were written (everything in
 * the hand-written manifest.yaml) are pinned to train: scoring them would be scoring in-sample.
 */
import { createHash } from 'node:crypto';

export type CorpusSplit = 'train' | 'heldout';

/**
 * `file` is the path relative to the corpus folder with `/` separators
 * (`sqlite/missing-table.log`). The first byte of its SHA-256 even: train; odd: held out.
 */
export function corpusSplitOf(file: string, pinnedToTrain = false): CorpusSplit {
  if (pinnedToTrain) return 'train';
  const firstByte = createHash('sha256').update(file).digest()[0] ?? 0;
  return firstByte % 2 === 0 ? 'train' : 'heldout';
}
