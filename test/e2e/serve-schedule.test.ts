/**
 * `serve --schedule` of the built CLI on a per-second cron: runs start on their own with trigger
 * `schedule`, never two at once (a tick while a run goes on is recorded as skipped), and
 * /api/gaps answers; a bad expression is one line and exit 2.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { serveTestKit } from '../support/serve-process.js';

const kit = serveTestKit();

// Each run lasts about 2.5 s, so per-second ticks must be skipped while it goes on.
const config = `compose: false
orchestrator:
  command: [sh, -c, "sleep 2.5; echo loaded"]
loop:
  max_iterations: 1
git:
  mode: "off"
`;

interface ListedRun {
  trigger: string;
  state: string;
}

describe('etl-cycle serve --schedule', () => {
  it('runs on the schedule with trigger schedule, one at a time', async () => {
    const project = await kit.project({ prefix: 'serve-sched', config });
    const server = await kit.serve(project.dir, ['--schedule', '* * * * * *']);
    let runs: ListedRun[] = [];
    for (let i = 0; i < 120 && !runs.some((r) => r.state === 'success'); i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      const body = (await (await fetch(`${server.url}/api/runs`)).json()) as { runs: ListedRun[] };
      runs = body.runs;
    }
    expect(runs.some((r) => r.state === 'success')).toBe(true);
    expect(server.stderr()).toMatch(/runs on "\* \* \* \* \* \*"; next \d{4}-/);
    expect(new Set(runs.map((r) => r.trigger))).toEqual(new Set(['schedule']));
    // Never two at once: at most one of them is running at any moment.
    expect(runs.filter((r) => r.state === 'running').length).toBeLessThanOrEqual(1);
    const gaps = await fetch(`${server.url}/api/gaps`);
    expect(gaps.status).toBe(200);
    expect(await gaps.json()).toEqual({ gaps: [] });
  });

  it('refuses a bad expression with one line and exit 2', async () => {
    const project = await kit.project({ prefix: 'serve-sched-bad', config });
    const bad = await runCli(['serve', '--port', '0', '--schedule', '61 * * * *'], { cwd: project.dir, timeoutMs: 30_000 });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^etl-cycle: --schedule "61 \* \* \* \*": /)]);
  });
});
