/**
 * Row metrics and data gates with real processes: tasks append JSON lines to
 * ETL_CYCLE_METRICS_FILE, the orchestrator sums them per task run into the report and the
 * finish line; a malformed line and the partial line of a task killed mid-write are warnings;
 * a task rejecting 10% of its rows fails a 0.95 gate as data_rejected, without a retry.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkspace, orchestrate } from './harness.js';
import type { Workspace } from './harness.js';

let workspace: Workspace | undefined;
afterEach(async () => {
  await workspace?.dispose();
  workspace = undefined;
});

/** A shell line appending `lines` to the task's metrics file. */
const emit = (...lines: string[]) => lines.map((line) => `echo '${line}' >> "$ETL_CYCLE_METRICS_FILE"`).join('; ');

describe('row metrics from tasks', () => {
  it('sums the lines of each task run into the report and the finish line; a malformed line is a warning naming task and line', async () => {
    workspace = await createWorkspace(`orchestrator: { workflow: etl }
tasks:
  extract: { run: ${JSON.stringify(emit('{"rows_read":600,"rows_written":600}', '{"rows_read":400,"rows_written":400}'))} }
  load:
    depends_on: [extract]
    run: ${JSON.stringify(emit('{"rows_read":1000,"rows_written":990,"rows_rejected":10}', 'oops, not json', '{"batches":2}'))}
  report: { run: "echo no metrics", depends_on: [load] }
workflows:
  etl: { tasks: [report] }
`);
    const { report, lines } = await orchestrate(workspace, { selection: { workflow: 'etl' } });
    expect(report.success, lines.join('\n')).toBe(true);
    expect(report.tasks.extract).toMatchObject({ rows_read: 1000, rows_written: 1000, rows_rejected: null });
    expect(report.tasks.load).toMatchObject({
      metrics: { rows_read: 1000, rows_written: 990, rows_rejected: 10, batches: 2 },
      rows_read: 1000,
      rows_written: 990,
      rows_rejected: 10,
    });
    expect(report.tasks.report).toMatchObject({ metrics: null, rows_read: null });
    expect(lines.find((line) => line.includes('✔ load'))).toMatch(/✔ load .* — 1000 read, 990 written, 10 rejected$/);
    expect(lines.find((line) => line.includes('warning'))).toMatch(
      /^err: \[load\] etl-cycle: warning: task load: .*load\.attempt-1\.metrics\.jsonl line 2: not JSON: "oops, not json"; ignored$/,
    );
  });

  it('keeps the complete lines of a task killed in the middle of writing one, and ignores the partial one with a warning', async () => {
    // The task writes one whole line and half of the next, then hangs until its timeout kills the process tree.
    const partial = `echo '{"rows_read":100}' >> "$ETL_CYCLE_METRICS_FILE"; printf '{"rows_wri' >> "$ETL_CYCLE_METRICS_FILE"; sleep 30`;
    workspace = await createWorkspace(`orchestrator: { workflow: w }
tasks:
  load: { run: ${JSON.stringify(partial)}, timeout: 1s }
workflows:
  w: { tasks: [load] }
`);
    const { report, lines } = await orchestrate(workspace, { selection: { workflow: 'w' } });
    expect(report.tasks.load).toMatchObject({ status: 'timed_out', metrics: { rows_read: 100 } });
    expect(lines.join('\n')).toMatch(/task load: .* line 2: unterminated last line "\{\\"rows_wri" \(the task was probably stopped/);
  });

  it('counts only the attempt that decided the task, not the failed ones before it', async () => {
    const flaky = `${emit('{"rows_read":50,"rows_written":10}')}; test -f done || { touch done; exit 1; }`;
    workspace = await createWorkspace(`orchestrator: { workflow: w }
tasks:
  load: { run: ${JSON.stringify(flaky)}, retries: { count: 1, initial: 0 } }
workflows:
  w: { tasks: [load] }
`);
    const { report } = await orchestrate(workspace, { selection: { workflow: 'w' } });
    expect(report.tasks.load).toMatchObject({ status: 'succeeded', attempts: 2, rows_read: 50, rows_written: 10 });
  });
});

describe('validate gates', () => {
  it('fails a task that rejects 10% of its rows against a 0.95 gate, as data_rejected, without retrying it', async () => {
    workspace = await createWorkspace(`orchestrator: { workflow: w }
tasks:
  load_orders:
    run: ${JSON.stringify(`echo attempt >> attempts; ${emit('{"rows_read":1000,"rows_written":900,"rows_rejected":100}')}`)}
    retries: { count: 2, initial: 0 }
    validate: { min_acceptance_ratio: 0.95 }
  publish: { run: "echo published", depends_on: [load_orders] }
workflows:
  w: { tasks: [publish] }
`);
    const { report, lines } = await orchestrate(workspace, { selection: { workflow: 'w' } });
    expect(report.success).toBe(false);
    expect(report.tasks.load_orders).toMatchObject({
      status: 'failed',
      attempts: 1,
      error: 'load_orders: 900 of 1000 rows accepted (90% < 95%)',
      error_class: 'data_rejected',
      rows_rejected: 100,
    });
    expect(report.tasks.publish!.status).toBe('skipped');
    expect((await workspace.read('attempts')).trim().split('\n')).toHaveLength(1);
    // The line the agent's classifier reads (patterns/packs/etl-cycle.yaml: etl-cycle.data_rejected).
    expect(lines).toContain('err: [load_orders] etl-cycle: data rejected: load_orders: 900 of 1000 rows accepted (90% < 95%)');
  });

  it('passes data that meets its gates, and lets a check command decide with the figures in its environment', async () => {
    workspace = await createWorkspace(`orchestrator: { workflow: w }
tasks:
  good:
    run: ${JSON.stringify(emit('{"rows_read":1000,"rows_written":960,"rows_rejected":40}'))}
    validate: { min_acceptance_ratio: 0.95, min_rows_written: 1, max_rows_rejected: 100, check: 'test "$ETL_CYCLE_ROWS_WRITTEN" -ge 900' }
  strict:
    critical: false
    run: ${JSON.stringify(emit('{"rows_read":10,"rows_written":10}'))}
    validate: { check: 'echo "found 3 orphans"; exit 3' }
workflows:
  w: { tasks: [good, strict] }
`);
    const { report, lines } = await orchestrate(workspace, { selection: { workflow: 'w' } });
    expect(report.tasks.good).toMatchObject({ status: 'succeeded', error_class: null });
    expect(report.tasks.strict).toMatchObject({
      status: 'failed',
      error: 'strict: check `echo "found 3 orphans"; exit 3` exited with code 3',
      error_class: 'data_rejected',
    });
    expect(lines).toContain('out: [strict] found 3 orphans');
  });
});
