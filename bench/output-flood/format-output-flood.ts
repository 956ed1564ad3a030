/** The output-flood suite's table. */
import { formatByteSize } from '../../core/byte-size.js';
import { formatMarkdownTable } from '../support/markdown-table.js';
import type { OutputFloodResult } from './run-output-flood.js';

export function formatOutputFlood(r: OutputFloodResult): string {
  const rows = [
    ['orchestrator output', formatByteSize(r.printedBytes)],
    ['etl-cycle wall time (floor: the generator into /dev/null)', `${r.seconds.toFixed(1)} s (floor ${r.floorSeconds.toFixed(1)} s)`],
    ['etl-cycle peak RSS', r.maxRssMb === undefined ? 'n/a' : `${r.maxRssMb.toFixed(0)} MiB`],
    ['orchestrator log left (logs.max_size 100 MiB)', formatByteSize(r.logBytes)],
    ['console output (plain CI echo, throttled)', formatByteSize(r.consoleBytes)],
    ['primary class of the failed iteration', r.primaryClass ?? 'nothing'],
    ['secret in the log or on the console', r.secretInLog ? 'YES (a bug)' : 'no'],
    ...r.masking.map((m) => [`masking throughput, ${m.secrets} secret(s) registered`, `${m.mbPerSecond.toFixed(0)} MB/s`]),
  ];
  return formatMarkdownTable(['measure', 'value'], rows, ['left', 'right']);
}
