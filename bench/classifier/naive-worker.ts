/**
 * Child process of the classifier benchmark: the naive Node baseline — readline over the file
 * and one big case-insensitive alternation of every pattern, tested on each line.
 * Usage: node naive-worker.js REGEX_JSON_FILE FILE   (REGEX_JSON_FILE: a JSON array of sources)
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [regexFile, file] = process.argv.slice(2);
if (!regexFile || !file) throw new Error('usage: naive-worker REGEX_JSON_FILE FILE');
const sources = JSON.parse(readFileSync(regexFile, 'utf8')) as string[];
const started = performance.now();
const combined = new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'i');
let matchedLines = 0;
const lines = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
for await (const line of lines) {
  if (combined.test(line)) matchedLines += 1;
}
process.stdout.write(`${JSON.stringify({
  classifySeconds: (performance.now() - started) / 1000,
  matchedLines,
  maxRssKb: process.resourceUsage().maxRSS,
})}\n`);
