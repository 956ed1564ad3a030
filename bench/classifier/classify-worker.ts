/**
 * Child process of the classifier benchmark: classifies one file with etl-cycle's catalogue
 * and prints one JSON line (timings, matches, its own peak RSS), so the parent measures a
 * process of its own, like grep's.
 * Usage: node classify-worker.js FILE [PACK ...]
 */
import { classifyFile } from '../../patterns/classify-stream.js';
import { loadCatalogue } from '../../patterns/load-catalogue.js';

const [file, ...packs] = process.argv.slice(2);
if (!file) throw new Error('usage: classify-worker FILE [PACK ...]');
const started = performance.now();
const catalogue = await loadCatalogue({ packs });
const loaded = performance.now();
const result = await classifyFile(catalogue, file, { source: 'bench' });
const done = performance.now();
process.stdout.write(`${JSON.stringify({
  loadSeconds: (loaded - started) / 1000,
  classifySeconds: (done - loaded) / 1000,
  patterns: catalogue.patterns.length,
  matches: result.matches.length,
  matchedLines: new Set(result.matches.map((m) => m.line)).size,
  primary: result.primary,
  maxRssKb: process.resourceUsage().maxRSS,
})}\n`);
