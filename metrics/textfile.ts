/**
 * `metrics.textfile`: the node_exporter textfile collector reads every `*.prom` file of its
 * folder at each scrape, so the file is written atomically (a temp file in the same folder,
 * renamed over it) and a scrape never sees half of it.
 */
import { writeFileAtomically } from '../core/atomic-write.js';

export async function writeMetricsTextfile(path: string, text: string): Promise<void> {
  await writeFileAtomically(path, text.endsWith('\n') ? text : `${text}\n`);
}
