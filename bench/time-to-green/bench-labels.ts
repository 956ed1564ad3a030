/**
 * Labels on everything a benchmark run creates, whichever tool creates it: the stack's Compose
 * file stamps them from BENCH_RUN_ID / BENCH_SESSION_ID, the harness stamps them on faults and on
 * the floor's resources. Cleanup goes by these labels and nothing else.
 */
export const BENCH_LABEL = 'etl-cycle.bench';
export const RUN_LABEL = 'etl-cycle.bench.run';
export const SESSION_LABEL = 'etl-cycle.bench.session';

export function benchLabels(sessionId: string, runId: string): Record<string, string> {
  return { [BENCH_LABEL]: '1', [SESSION_LABEL]: sessionId, [RUN_LABEL]: runId };
}
