/**
 * Preloaded into the etl-cycle process the benchmark starts (`node --import <this> bin/etl-cycle.js`):
 * at exit it writes the process's own peak resident set (getrusage RUSAGE_SELF, in KiB) and CPU
 * time (user + system, in µs) to the file named by ETL_CYCLE_BENCH_RSS_FILE. Children (the orchestrator) are not counted: the
 * variable is removed before etl-cycle starts any, and they are not preloaded.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.ETL_CYCLE_BENCH_RSS_FILE;
delete process.env.ETL_CYCLE_BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ maxRssKb: usage.maxRSS, cpuMicros: usage.userCPUTime + usage.systemCPUTime }));
  });
}
