/**
 * The `tasks:` and `workflows:` sections of etl-cycle.yaml: defaults, normalization and the
 * one-line errors for what a single task cannot be (graph-level checks: check-tasks.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../config/load-config.js';
import { ConfigError } from '../../../core/errors.js';

const FILE = '/p/etl-cycle.yaml';

function errorOf(text: string): string {
  try {
    parseConfigText(text, FILE);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config: tasks and workflows', () => {
  it('normalizes every action, the retry forms and the workflow settings, keeping declaration order', () => {
    const config = parseConfigText(
      `
orchestrator: { workflow: full }
tasks:
  users:
    exec: { service: db, command: "psql -f /sql/users.sql", user: postgres, workdir: /sql }
    env: { PGPASSWORD: "\${DB_ADMIN_PASSWORD:-secret}" }
    category: infrastructure
  load:
    name: Load customers
    run: [node, etl/load.mjs]
    cwd: jobs
    depends_on: [users]
    timeout: 90s
    retries: 2
    critical: false
  ping:
    http: { method: POST, url: "http://127.0.0.1:8080/x", body_file: data/body.json, expect_status: 201, expect_body: ok }
    retries: { count: 3, initial: 200ms, factor: 3, max: 2s }
workflows:
  full: { tasks: [load, ping], description: everything, parallel: true, max_workers: 2, continue_on_failure: true }
  minimal: { tasks: [users] }
`,
      FILE,
    );
    expect(config.tasks.map((t) => t.id)).toEqual(['users', 'load', 'ping']);
    expect(config.tasks[0]).toEqual({
      id: 'users',
      name: 'users',
      description: undefined,
      category: 'infrastructure',
      dependsOn: [],
      timeoutMs: 1_800_000,
      retries: { count: 0, initialMs: 1000, factor: 2, maxMs: 30_000 },
      critical: true,
      resume: true,
      env: { PGPASSWORD: '${DB_ADMIN_PASSWORD:-secret}' },
      action: { type: 'exec', service: 'db', command: 'psql -f /sql/users.sql', user: 'postgres', workdir: '/sql' },
    });
    expect(config.tasks[1]).toMatchObject({
      name: 'Load customers',
      category: 'utility',
      dependsOn: ['users'],
      timeoutMs: 90_000,
      critical: false,
      retries: { count: 2, initialMs: 1000, factor: 2, maxMs: 30_000 },
      action: { type: 'run', command: ['node', 'etl/load.mjs'], cwd: '/p/jobs' },
    });
    expect(config.tasks[2]).toMatchObject({
      retries: { count: 3, initialMs: 200, factor: 3, maxMs: 2000 },
      action: {
        type: 'http',
        method: 'POST',
        url: 'http://127.0.0.1:8080/x',
        headers: {},
        bodyFile: '/p/data/body.json',
        expectStatus: [201],
        expectBody: 'ok',
      },
    });
    expect(config.workflows).toEqual([
      { name: 'full', description: 'everything', tasks: ['load', 'ping'], parallel: true, maxWorkers: 2, continueOnFailure: true },
      { name: 'minimal', description: undefined, tasks: ['users'], parallel: false, maxWorkers: 4, continueOnFailure: false },
    ]);
  });

  it('defaults run tasks to the config folder, GET and any 2xx', () => {
    const config = parseConfigText(
      `
orchestrator: { command: x }
tasks:
  a: { run: "echo hi" }
  b: { http: { method: PUT, url: "http://h/", body: { name: x, tags: [1, 2] } } }
  c: { http: { url: "http://h/" } }
`,
      FILE,
    );
    expect(config.tasks[0]!.action).toEqual({ type: 'run', command: 'echo hi', cwd: '/p' });
    expect(config.tasks[1]!.action).toMatchObject({ method: 'PUT', body: { name: 'x', tags: [1, 2] } });
    expect(config.tasks[2]!.action).toEqual({
      type: 'http',
      method: 'GET',
      url: 'http://h/',
      headers: {},
      body: undefined,
      bodyFile: undefined,
      expectStatus: undefined,
      expectBody: undefined,
    });
    expect(parseConfigText('orchestrator: { command: x }\n', FILE)).toMatchObject({ tasks: [], workflows: [] });
  });

  it('rejects a task with no action or with two, naming the task', () => {
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  a: { category: load }\n')).toBe(
      `${FILE}:3: tasks.a: set exactly one action: run, exec or http (found none)`,
    );
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  a: { run: x, http: { url: "http://h" } }\n')).toBe(
      `${FILE}:3: tasks.a: set exactly one action: run, exec or http (found run and http)`,
    );
  });

  it('rejects ids the output prefix cannot carry, misspelt fields, cwd on non-run tasks, body with body_file or on GET, bad regexes', () => {
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  "load customers": { run: x }\n')).toContain(
      'tasks.load customers: task id "load customers": use letters, digits',
    );
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  a: { run: x, dependson: [b] }\n')).toBe(
      `${FILE}:3: tasks.a.dependson: unknown field; did you mean "depends_on"?`,
    );
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  a: { exec: { service: db, command: [ls] }, cwd: sql }\n')).toContain(
      'tasks.a.cwd: only run tasks take a cwd',
    );
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  a: { http: { url: u, body: x, body_file: f.json } }\n')).toContain(
      'tasks.a.http.body_file: set body or body_file, not both',
    );
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  a: { http: { url: u, expect_body: "(" } }\n')).toContain(
      'tasks.a.http.expect_body: not a valid regular expression',
    );
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  a: { http: { url: u, body: x } }\n')).toContain(
      'tasks.a.http.method: a GET request has no body; use POST, PUT or PATCH',
    );
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  a: { http: { url: u, expect_status: 700 } }\n')).toContain(
      'tasks.a.http.expect_status',
    );
    expect(errorOf('orchestrator: { command: x }\ntasks:\n  a: { run: x, timeout: soon }\n')).toContain(
      'tasks.a.timeout: expected a duration',
    );
  });

  it('rejects orchestrator.workflow naming no declared workflow, and an empty workflow', () => {
    expect(errorOf('orchestrator: { workflow: nightly }\nworkflows:\n  full: { tasks: [a] }\n')).toBe(
      `${FILE}:1: orchestrator.workflow: no workflow "nightly" is declared (workflows: full)`,
    );
    expect(errorOf('orchestrator: { workflow: nightly }\n')).toContain('no workflow "nightly" is declared (add it under workflows:)');
    expect(errorOf('orchestrator: { command: x }\nworkflows:\n  full: { tasks: [] }\n')).toContain(
      'workflows.full.tasks: must be at least 1 item(s)',
    );
  });
});
