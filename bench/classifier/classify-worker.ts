/**
 * Child process of the classifier benchmark: classifies one file with etl-cycle's catalogue
 * and prints one JSON line (timings, matches, its own peak RSS), so the parent measures a
 * process of its own, like grep's.
 * Usage: node classify-worker.js FILE [PACK ...]
 */
import { builtinPacksDir } from '../../patterns/catalogue/builtin-packs-dir.js';
import { classifyFile } from '../../patterns/engine/classify-stream.js';
import { loadCatalogueFromFiles } from '../../patterns/load-catalogue.js';
import { listPackFiles } from '../../patterns/catalogue/read-pack-level.js';

const [file, ...packs] = process.argv.slice(2);
if (!file) throw new Error('usage: classify-worker FILE [PACK ...]');
const started = performance.now();
// Extra packs join the built-in ones (validated the same way, no per-run ReDoS check): the
// bench measures classification with a catalogue of that size, as a release would ship it.
const catalogue = await loadCatalogueFromFiles([...(await listPackFiles(builtinPacksDir())), ...packs]);
const loaded = performance.now();
const result = await classifyFile(catalogue, file, { source: 'bench' });
const done = performance.now();
process.stdout.write(
  `${JSON.stringify({
    loadSeconds: (loaded - started) / 1000,
    classifySeconds: (done - loaded) / 1000,
    patterns: catalogue.patterns.length,
    matches: result.matches.length,
    matchedLines: new Set(result.matches.map((m) => m.line)).size,
    primary: result.primary,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
