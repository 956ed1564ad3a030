/**
 * The task graph: cycles spelled out, topological order that keeps the file's order where it
 * can, parallel levels, transitive selection, and the load-time checks with their messages.
 */
import { describe, expect, it } from 'vitest';
import { TasksConfigError } from '../../../core/errors.js';
import type { ProjectModel } from '../../../docker/types.js';
import { checkTasks } from '../../../orchestrator/check-tasks.js';
import { dependencyLevels, findDependencyCycle, keptWithDependencies, topologicalOrder } from '../../../core/graph.js';
import { selectTasks } from '../../../orchestrator/select-tasks.js';
import { CONFIG_FILE, configWith } from './fixtures.js';

const graph = (edges: Record<string, string[]>) => (id: string) => edges[id] ?? [];

function checkError(config: ReturnType<typeof configWith>, project?: ProjectModel): TasksConfigError {
  try {
    checkTasks(config, project);
  } catch (error) {
    if (error instanceof TasksConfigError) return error;
    throw error;
  }
  throw new Error('expected a TasksConfigError');
}

describe('findDependencyCycle', () => {
  it('finds none in a DAG', () => {
    expect(findDependencyCycle(['a', 'b', 'c', 'd'], graph({ b: ['a'], c: ['a', 'b'], d: ['c'] }))).toBeUndefined();
  });

  it('spells out a cycle from the task that closes it, and a task depending on itself', () => {
    expect(findDependencyCycle(['a', 'b', 'c'], graph({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['a', 'b', 'c', 'a']);
    expect(findDependencyCycle(['a'], graph({ a: ['a'] }))).toEqual(['a', 'a']);
  });

  it('reports only the cycle, not the path that led into it', () => {
    expect(findDependencyCycle(['entry', 'x', 'y'], graph({ entry: ['x'], x: ['y'], y: ['x'] }))).toEqual(['x', 'y', 'x']);
  });

  it('handles a chain of ten thousand tasks without overflowing the stack', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `t${i}`);
    const deps = (id: string) => (id === 't9999' ? ['t0'] : [`t${Number(id.slice(1)) + 1}`]);
    expect(findDependencyCycle(ids, deps)).toHaveLength(10_001);
  });
});

describe('topologicalOrder and dependencyLevels', () => {
  it('runs dependencies first and otherwise keeps the declaration order', () => {
    const deps = graph({ load: ['schema'], schema: ['users'], report: [] });
    expect(topologicalOrder(['load', 'report', 'schema', 'users'], deps)).toEqual(['report', 'users', 'schema', 'load']);
    expect(topologicalOrder(['a', 'b', 'c'], graph({}))).toEqual(['a', 'b', 'c']);
  });

  it('ignores dependencies outside the tasks ordered, and repeated ones', () => {
    expect(topologicalOrder(['b', 'c'], graph({ b: ['a'], c: ['b', 'b'] }))).toEqual(['b', 'c']);
  });

  it('groups tasks by level: what can run at the same time', () => {
    const deps = graph({ schema: ['users'], extract_a: ['schema'], extract_b: ['schema'], post: ['extract_a', 'extract_b'], ping: [] });
    const order = topologicalOrder(['users', 'ping', 'schema', 'extract_a', 'extract_b', 'post'], deps);
    expect(dependencyLevels(order, deps)).toEqual([['users', 'ping'], ['schema'], ['extract_a', 'extract_b'], ['post']]);
  });
});

describe('keptWithDependencies', () => {
  it('keeps an id only when everything before it is kept too', () => {
    // extract ← transform ← load; refresh (opted out) ← report
    const deps = graph({ transform: ['extract'], load: ['transform'], report: ['refresh', 'load'] });
    const ids = ['extract', 'transform', 'load', 'refresh', 'report'];
    expect(keptWithDependencies(ids, deps, (id) => id !== 'refresh')).toEqual(['extract', 'transform', 'load']);
    expect(keptWithDependencies(ids, deps, (id) => id !== 'extract')).toEqual(['refresh']);
    // Dependencies outside the graph do not count.
    expect(keptWithDependencies(['transform'], deps, () => true)).toEqual(['transform']);
  });
});

describe('selectTasks', () => {
  it('pulls in dependencies transitively, in declaration order, once each', () => {
    const config = configWith(`tasks:
  users: { run: x }
  schema: { run: x, depends_on: [users] }
  load: { run: x, depends_on: [schema, users] }
  other: { run: x }`);
    expect(selectTasks(config.tasks, ['load']).map((t) => t.id)).toEqual(['users', 'schema', 'load']);
    expect(selectTasks(config.tasks, ['other', 'schema']).map((t) => t.id)).toEqual(['users', 'schema', 'other']);
  });
});

describe('checkTasks', () => {
  const project = (services: string[], composeFile: string | null = '/p/compose.yaml') =>
    ({
      name: 'p',
      workingDir: '/p',
      composeFile: composeFile ?? undefined,
      services: services.map((name) => ({ name })),
      networks: [],
      volumes: [],
    }) as unknown as ProjectModel;

  it('accepts a valid graph', () => {
    expect(() =>
      checkTasks(
        configWith(`tasks:
  a: { run: x }
  b: { exec: { service: db, command: [ls] }, depends_on: [a] }
workflows:
  all: { tasks: [b] }`),
        project(['db']),
      ),
    ).not.toThrow();
  });

  it('names a missing dependency, with the closest name when it looks like a typo', () => {
    const error = checkError(configWith('tasks:\n  load: { run: x }\n  check: { run: x, depends_on: [lod] }'));
    expect(error.message).toBe(`${CONFIG_FILE}: tasks.check.depends_on: no task "lod" (did you mean "load"?)`);
    expect(error.code).toBe('E_TASKS');
    expect(error.exitCode).toBe(2);
    expect(checkError(configWith('tasks:\n  load: { run: x }\n  check: { run: x, depends_on: [validation] }')).message).toContain(
      'no task "validation" (tasks: load, check)',
    );
  });

  it('spells out a dependency cycle', () => {
    const error = checkError(
      configWith(`tasks:
  a: { run: x, depends_on: [c] }
  b: { run: x, depends_on: [a] }
  c: { run: x, depends_on: [b] }`),
    );
    expect(error.message).toBe(`${CONFIG_FILE}: tasks.a.depends_on: dependency cycle a → c → b → a`);
    expect(error.hint).toMatch(/depends on/);
    expect(checkError(configWith('tasks:\n  a: { run: x, depends_on: [a] }')).message).toContain('dependency cycle a → a');
  });

  it('names a workflow entry that is no task', () => {
    expect(checkError(configWith('tasks:\n  load: { run: x }\nworkflows:\n  nightly: { tasks: [load, lode] }')).message).toBe(
      `${CONFIG_FILE}: workflows.nightly.tasks: no task "lode" (did you mean "load"?)`,
    );
  });

  it('names an exec task whose service the Compose file does not have', () => {
    const config = configWith('tasks:\n  schema: { exec: { service: postgres, command: [psql] } }');
    expect(checkError(config, project(['db', 'sink'])).message).toBe(
      `${CONFIG_FILE}: tasks.schema.exec.service: no service "postgres" in /p/compose.yaml (services: db, sink)`,
    );
    expect(checkError(config, project([], null)).message).toContain(
      'no service "postgres" in the project (this project has no Compose file)',
    );
    // Without a project (commands that do not read the Compose file) services are not checked.
    expect(() => checkTasks(config)).not.toThrow();
  });
});
