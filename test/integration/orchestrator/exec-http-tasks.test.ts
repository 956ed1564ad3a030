/**
 * `exec` and `http` tasks against a real container: BusyBox httpd with CGI scripts, started
 * through the docker layer and labelled for the suite. Exec: output, exit codes, variables,
 * a deadline that stops the process inside the container. HTTP: statuses, bodies (inline,
 * JSON, from a file), expectations, refused connections and timeouts.
 */
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StackOperations } from '../../../docker/types.js';
import { freePort } from '../../../bench/support/free-port.js';
import { forceRemoveProject, plan, project, service, testStack } from '../docker/fixtures.js';
import { createWorkspace, orchestrate } from './harness.js';
import type { Workspace } from './harness.js';

const CGI: Record<string, string> = {
  health: 'printf "Content-Type: application/json\\r\\n\\r\\n{\\"status\\":\\"ok\\"}\\n"',
  echo: 'body=$(head -c "${CONTENT_LENGTH:-0}")\nprintf "Status: 201 Created\\r\\nContent-Type: text/plain\\r\\n\\r\\n"\nprintf "method=%s type=%s\\n%s\\n" "$REQUEST_METHOD" "$CONTENT_TYPE" "$body"',
  slow: 'sleep 5\nprintf "Content-Type: text/plain\\r\\n\\r\\nlate\\n"',
};

let wwwDir: string;
let port: number;
let stack: StackOperations;
let workspace: Workspace | undefined;
const model = { current: undefined as ReturnType<typeof project> | undefined };

beforeAll(async () => {
  wwwDir = await mkdtemp(join(tmpdir(), 'etl-cycle-www-'));
  await mkdir(join(wwwDir, 'cgi-bin'));
  for (const [name, body] of Object.entries(CGI)) {
    await writeFile(join(wwwDir, 'cgi-bin', name), `#!/bin/sh\n${body}\n`);
    await chmod(join(wwwDir, 'cgi-bin', name), 0o755);
  }
  port = await freePort();
  model.current = project('orchhttp', [
    service('web', {
      command: ['httpd', '-f', '-p', '8080', '-h', '/www'],
      ports: [{ containerPort: 8080, protocol: 'tcp', hostPort: port, hostIp: '127.0.0.1', published: true }],
      volumes: [{ type: 'bind', source: wwwDir, target: '/www', readOnly: true }],
    }),
  ]);
  stack = await testStack(model.current);
  await stack.up({ readiness: { web: plan({ type: 'ports' }) } });
});

afterAll(async () => {
  if (model.current) {
    await stack?.down({ removeVolumes: true }).catch(() => undefined);
    await forceRemoveProject(model.current.name);
  }
  await rm(wwwDir, { recursive: true, force: true });
});

afterEach(async () => {
  await workspace?.dispose();
  workspace = undefined;
});

async function run(tasks: string, ids: string[], env: Record<string, string> = {}) {
  workspace = await createWorkspace(`orchestrator: { command: x }\ntasks:\n${tasks}\n`, {
    'data/batch.json': '[{"id": 1}, {"id": 2}]\n',
    'data/broken.json': '[{"id": 1},',
  });
  return orchestrate(workspace, { selection: { tasks: ids }, project: model.current, stack, env: { WEB_PORT: String(port), ...env } });
}

describe('exec tasks', () => {
  it('runs in the service container: output prefixed per stream, exit code, variables from the host', async () => {
    const { report, lines } = await run(
      `  hello:
    exec: { service: web, command: [sh, -c, 'echo "greeting $$GREETING in $$(pwd)"; echo warn >&2'], workdir: /www }
    env: { GREETING: "\${HOST_GREETING:-none}" }
  fails: { exec: { service: web, command: "echo about to fail; exit 3" }, critical: false }`,
      ['hello', 'fails'],
      { HOST_GREETING: 'hola' },
    );
    expect(report.tasks.hello).toMatchObject({ status: 'succeeded', action: 'exec' });
    expect(lines).toContain('out: [hello] greeting hola in /www');
    expect(lines).toContain('err: [hello] warn');
    expect(report.tasks.fails).toMatchObject({ status: 'failed', error: 'exit code 3', output: 'about to fail\n' });
  });

  it('a deadline stops the command inside the container', async () => {
    const { report, lines } = await run('  hangs: { exec: { service: web, command: [sleep, "317"] }, timeout: 1s }', ['hangs']);
    expect(report.tasks.hangs).toMatchObject({ status: 'timed_out', error: 'timed out after 1.0s' });
    expect(lines).toContain('err: [hangs] etl-cycle: task hangs timed out after 1.0s and was killed');
    const ps = await stack.exec('web', ['ps']);
    expect(ps.output).not.toContain('sleep 317');
  });

  it("fails with the engine's words when the service has no running container", async () => {
    await stack.cleanup({ removeVolumes: false, removeOrphans: false });
    try {
      const { report, lines } = await run('  schema: { exec: { service: web, command: [ls] } }', ['schema']);
      expect(report.tasks.schema!.status).toBe('failed');
      expect(report.tasks.schema!.error).toMatch(/^exec in service web failed: .*no container/);
      expect(lines.some((line) => line.startsWith('err: [schema] etl-cycle: exec in service web failed:'))).toBe(true);
    } finally {
      await stack.up({ readiness: { web: plan({ type: 'ports' }) } });
    }
  });
});

describe('http tasks', () => {
  const url = (path: string) => `"http://127.0.0.1:\${WEB_PORT}${path}"`;

  it('GETs, checks the status and the body, and shows the answer', async () => {
    // The body ends with a newline; the anchored expectation still matches (trailing whitespace is ignored).
    const { report, lines } = await run(`  ping: { http: { url: ${url('/cgi-bin/health')}, expect_body: '^\\{"status":"ok"\\}$' } }`, [
      'ping',
    ]);
    expect(report.tasks.ping).toMatchObject({ status: 'succeeded', action: 'http' });
    expect(lines).toContain(`out: [ping] → GET http://127.0.0.1:${port}/cgi-bin/health`);
    expect(lines.some((line) => /^out: \[ping\] ← 200 OK in /.test(line))).toBe(true);
    expect(lines).toContain('out: [ping] {"status":"ok"}');
  });

  it('POSTs a JSON file, a mapping with expanded variables, and a string', async () => {
    const { report, lines } = await run(
      `  from_file: { http: { method: POST, url: ${url('/cgi-bin/echo')}, body_file: data/batch.json, expect_status: 201, expect_body: '\\{"id": 2\\}' } }
  mapping: { http: { method: POST, url: ${url('/cgi-bin/echo')}, body: { table: "\${TABLE:-none}", rows: [1, 2] }, expect_status: [200, 201] }, env: { TABLE: customers } }
  text: { http: { method: POST, url: ${url('/cgi-bin/echo')}, body: "plain words", headers: { Content-Type: text/csv }, expect_status: 201 } }`,
      ['from_file', 'mapping', 'text'],
    );
    expect(report.success).toBe(true);
    expect(lines).toContain('out: [from_file] method=POST type=application/json');
    expect(lines).toContain('out: [from_file] [{"id": 1}, {"id": 2}]');
    expect(lines).toContain('out: [mapping] method=POST type=application/json');
    expect(lines).toContain('out: [mapping] {"table":"customers","rows":[1,2]}');
    expect(lines).toContain('out: [text] method=POST type=text/csv');
    expect(lines).toContain('out: [text] plain words');
  });

  it('fails on an unexpected status, a body that does not match, a missing or broken body file', async () => {
    const { report, lines } = await run(
      `  missing: { http: { url: ${url('/nothing-here')} }, critical: false }
  wrong_status: { http: { method: POST, url: ${url('/cgi-bin/echo')}, body: x, expect_status: 200 }, critical: false }
  wrong_body: { http: { url: ${url('/cgi-bin/health')}, expect_body: RUNNING }, critical: false }
  no_file: { http: { method: POST, url: ${url('/cgi-bin/echo')}, body_file: data/absent.json }, critical: false }
  bad_json: { http: { method: POST, url: ${url('/cgi-bin/echo')}, body_file: data/broken.json }, critical: false }`,
      ['missing', 'wrong_status', 'wrong_body', 'no_file', 'bad_json'],
    );
    expect(report.tasks.missing!.error).toBe('HTTP 404 (expected 2xx)');
    expect(lines).toContain(`err: [missing] etl-cycle: GET http://127.0.0.1:${port}/nothing-here answered 404 (expected 2xx)`);
    expect(report.tasks.wrong_status!.error).toBe('HTTP 201 (expected 200)');
    expect(report.tasks.wrong_body!.error).toBe('the response body does not match /RUNNING/');
    expect(report.tasks.no_file!.error).toMatch(/^cannot read body_file .*data\/absent.json: ENOENT/);
    expect(report.tasks.bad_json!.error).toMatch(/^body_file .*data\/broken.json is not valid JSON/);
    expect(report.summary.failed).toBe(5);
  });

  it('says what the connection said when nothing listens, and times out a slow answer', async () => {
    const closed = await freePort();
    const { report, lines } = await run(
      `  refused: { http: { url: "http://127.0.0.1:${closed}/health" }, critical: false }
  slow: { http: { url: ${url('/cgi-bin/slow')} }, timeout: 500ms, critical: false }`,
      ['refused', 'slow'],
    );
    expect(report.tasks.refused!.error).toBe(`GET http://127.0.0.1:${closed}/health failed: connect ECONNREFUSED 127.0.0.1:${closed}`);
    expect(lines).toContain(
      `err: [refused] etl-cycle: GET http://127.0.0.1:${closed}/health failed: connect ECONNREFUSED 127.0.0.1:${closed}`,
    );
    expect(report.tasks.slow).toMatchObject({ status: 'timed_out', error: 'timed out after 500ms' });
  });
});
