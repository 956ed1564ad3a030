/**
 * Child process of the classifier benchmark: the naive Node baseline — readline over the file
 * and one big case-insensitive alternation of every pattern, tested on each line. It is slow
 * (every pattern is tried at every position of every line), so it stops after a time budget
 * and reports how many bytes it got through: the throughput stays exact, the line count is
 * then for that prefix.
 * Usage: node naive-worker.js REGEX_JSON_FILE FILE [MAX_SECONDS]
 */
import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const [regexFile, file, maxSecondsArg] = process.argv.slice(2);
if (!regexFile || !file) throw new Error('usage: naive-worker REGEX_JSON_FILE FILE [MAX_SECONDS]');
const maxMs = Number(maxSecondsArg ?? 60) * 1000;
const sources = JSON.parse(readFileSync(regexFile, 'utf8')) as string[];
const started = performance.now();
const combined = new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'i');
let matchedLines = 0;
let bytes = 0;
let partial = false;
const input = createReadStream(file, { highWaterMark: 1 << 20 });
const lines = createInterface({ input, crlfDelay: Infinity });
let count = 0;
for await (const line of lines) {
  bytes += Buffer.byteLength(line) + 1;
  if (combined.test(line)) matchedLines += 1;
  count += 1;
  if (count % 10_000 === 0 && performance.now() - started > maxMs) {
    partial = true;
    break;
  }
}
input.destroy();
process.stdout.write(
  `${JSON.stringify({
    classifySeconds: (performance.now() - started) / 1000,
    bytes,
    partial,
    matchedLines,
    maxRssKb: process.resourceUsage().maxRSS,
  })}\n`,
);
