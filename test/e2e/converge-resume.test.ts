/**
 * Healing without starting over, end to end through the CLI on BusyBox stacks: a retry keeps the
 * services it does not concern (same container, not restarted) and recreates the one the plan
 * changed; with the built-in orchestrator, a flaky upstream makes the next iteration resume the
 * execution — green tasks are reused, only the failed one and what depends on it run again.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/support/free-port.js';
import { readOnlyReport, runCli } from '../support/cli.js';
import { BUSYBOX_IMAGE, testDocker } from '../support/docker.js';
import { createTestProject } from '../support/project.js';
import type { TestProject } from '../support/project.js';

const fastLoop = 'loop:\n  max_iterations: 4\n  backoff: { initial: 0.2s, max: 0.5s }\ngit:\n  mode: "off"\n';
let project: TestProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

/** BusyBox httpd CGI: answers 503 to the first two requests, then the data (the count lives in the container, which is kept). */
const FLAKY_API = `#!/bin/sh
n=$(( $(cat /tmp/requests 2>/dev/null || echo 0) + 1 ))
echo "$n" > /tmp/requests
if [ "$n" -le 2 ]; then
  printf 'Status: 503 Service Unavailable\\r\\nContent-Type: text/plain\\r\\n\\r\\nbusy, try again (%s)\\n' "$n"
  exit 0
fi
printf 'Content-Type: text/csv\\r\\n\\r\\nid,region\\n1,north\\n'
`;

describe('converge and resume', () => {
  it('keeps a healthy service across a retry that does not concern it and recreates the OOM-killed one with the raised limit', async () => {
    project = await createTestProject({
      prefix: 'keep',
      compose: `services:
  web:
    image: ${BUSYBOX_IMAGE}
    command: ["httpd", "-f", "-p", "8080", "-h", "/"]
    expose: ["8080"]
    stop_grace_period: 1s
  cruncher:
    image: ${BUSYBOX_IMAGE}
    # Holds ~12 MB in a shell variable, then serves: fine at 32m, OOM-killed at 16m.
    command: ["sh", "-c", "x=$$(head -c 12000000 /dev/zero | tr '\\\\0' a); exec httpd -f -p 8080 -h /"]
    expose: ["8080"]
    mem_limit: 16m
    stop_grace_period: 1s
`,
      config: `orchestrator:\n  command: [sh, -c, "echo crunching"]\nreadiness:\n  timeout: 20s\n${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(project.logsDir);
    expect(report.iterations_executed).toBe(2);
    const [first, second] = report.cycles;
    expect(first).toMatchObject({ primary_class: 'out_of_memory', plan: { rebuild: 'clean' } });
    expect(first!.rebuild.services.map((s) => [s.service, s.action])).toEqual([
      ['web', 'created'],
      ['cruncher', 'created'],
    ]);
    expect(second).toMatchObject({ success: true, plan: { rebuild: 'converge' } });
    expect(second!.rebuild.services).toEqual([
      { service: 'web', action: 'kept', reason: 'unchanged and running' },
      { service: 'cruncher', action: 'recreated', reason: 'memory limit 16 MiB → 32 MiB' },
    ]);

    // The kept container is the one iteration 1 started: not recreated, not restarted.
    const web = await testDocker().getContainer(`${project.name}-web-1`).inspect();
    expect(Date.parse(web.State.StartedAt)).toBeLessThan(Date.parse(second!.start_time));
    expect(web.RestartCount).toBe(0);
    const cruncher = await testDocker().getContainer(`${project.name}-cruncher-1`).inspect();
    expect(cruncher.HostConfig.Memory).toBe(32 * 1024 * 1024);
    expect(Date.parse(cruncher.State.StartedAt)).toBeGreaterThan(Date.parse(second!.start_time));
  });

  it('resumes the orchestration after a flaky upstream: green tasks are reused, the failed one runs again', async () => {
    const port = await freePort();
    project = await createTestProject({
      prefix: 'resume',
      compose: `services:
  api:
    image: ${BUSYBOX_IMAGE}
    command: ["sh", "-c", "mkdir -p /tmp && exec httpd -f -p 8080 -h /www"]
    ports: ["${port}:8080"]
    volumes: ["./api:/www:ro"]
    stop_grace_period: 1s
`,
      files: { 'api/cgi-bin/regions': FLAKY_API },
      executable: ['api/cgi-bin/regions'],
      config: `orchestrator: { workflow: load }
tasks:
  extract: { run: "echo run >> extract.runs; echo extracted" }
  transform: { run: "echo run >> transform.runs; echo transformed", depends_on: [extract] }
  fetch_regions: { http: { url: "http://127.0.0.1:${port}/cgi-bin/regions" } }
  load: { run: "echo run >> load.runs; echo loaded", depends_on: [transform, fetch_regions] }
workflows:
  load: { tasks: [load] }
${fastLoop}`,
    });
    const result = await runCli(['run'], { cwd: project.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = await readOnlyReport(project.logsDir);
    expect(report.iterations_executed).toBe(3);
    const [first, second, third] = report.cycles;

    expect(first).toMatchObject({ primary_class: 'upstream_error', failed_task: 'fetch_regions' });
    expect(first!.adjustment_details).toContainEqual({
      kind: 'resume_orchestration',
      executionId: first!.orchestration!.execution_id,
      reused: ['extract', 'transform'],
    });
    expect(first!.orchestration).toMatchObject({ succeeded: ['extract', 'transform'], failed: ['fetch_regions'], not_run: ['load'] });

    expect(second!.plan.resume_from).toBe(first!.orchestration!.execution_id);
    expect(second!.orchestration).toMatchObject({
      resumed_from: first!.orchestration!.execution_id,
      reused: ['extract', 'transform'],
      failed: ['fetch_regions'],
      resume_dropped: null,
    });
    expect(third).toMatchObject({ success: true, plan: { resume_from: second!.orchestration!.execution_id } });
    expect(third!.orchestration).toMatchObject({ reused: ['extract', 'transform'], succeeded: ['fetch_regions', 'load'] });
    // The upstream was kept through every retry: its request count survived.
    expect(second!.rebuild.services).toEqual([{ service: 'api', action: 'kept', reason: 'unchanged and running' }]);

    // Each green task ran once; the orchestrator said what it reused.
    const runs = async (task: string) => (await readFile(join(project!.dir, `${task}.runs`), 'utf8')).trim().split('\n').length;
    expect([await runs('extract'), await runs('transform'), await runs('load')]).toEqual([1, 1, 1]);
    expect(result.stderr + result.stdout).toContain(`✔ extract: succeeded in ${first!.orchestration!.execution_id}, not run again`);
  });
});
