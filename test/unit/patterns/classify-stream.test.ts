import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyStream } from '../../../patterns/engine/classify-stream.js';
import type { Catalogue, StreamClassifier } from '../../../patterns/types.js';
import { catalogueOf } from './helpers.js';

const MINI_FILE = fileURLToPath(new URL('./fixtures/mini.yaml', import.meta.url));
const catalogue = catalogueOf({ file: MINI_FILE, yaml: await readFile(MINI_FILE, 'utf8') });
const LOG = 'Zoë ok\nERROR:  relation "naïve_✔" does not exist\n';

/** The same catalogue behind a classifier that only takes text (as any other StreamClassifier). */
const textOnly: Catalogue = {
  patterns: catalogue.patterns,
  createClassifier(): StreamClassifier {
    const inner = catalogue.createClassifier();
    return {
      write: (source, chunk) => inner.write(source, chunk),
      end: (source) => inner.end(source),
      addContainerFacts: (facts) => inner.addContainerFacts(facts),
      matches: () => inner.matches(),
      result: (options) => inner.result(options),
    };
  },
};

describe('classifyStream', () => {
  it.each([
    [
      'bytes, cut inside a UTF-8 character, to the byte classifier',
      catalogue,
      () => {
        const bytes = Buffer.from(LOG);
        const cut = bytes.indexOf(Buffer.from('✔')) + 1;
        return Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]);
      },
    ],
    [
      'bytes, cut inside a UTF-8 character, decoded for a text-only classifier',
      textOnly,
      () => {
        const bytes = Buffer.from(LOG);
        const cut = bytes.indexOf(Buffer.from('ï')) + 1;
        return Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]);
      },
    ],
    ['strings', catalogue, () => Readable.from(['Zoë ok\nERROR:  relation "na', 'ïve_✔" does not exist\n'])],
  ])('reads %s', async (_name, which, input) => {
    const result = await classifyStream(which, input(), { source: 'stdin' });
    expect(result.primaryMatch).toMatchObject({ line: 2, source: 'stdin', captures: { table: 'naïve_✔' } });
  });
});
