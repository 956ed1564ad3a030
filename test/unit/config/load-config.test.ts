import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig, parseConfigText } from '../../../config/load-config.js';
import { configJsonSchema } from '../../../config/schema.js';
import { ConfigError, EXIT_USAGE } from '../../../core/errors.js';

const minimal = 'orchestrator:\n  command: [node, etl.mjs]\n';

function errorOf(text: string): ConfigError {
  try {
    parseConfigText(text, '/p/etl-cycle.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('config: defaults and normalization', () => {
  it('fills defaults and resolves paths against the config folder', () => {
    const config = parseConfigText(minimal, '/p/etl-cycle.yaml');
    expect(config.loop).toEqual({
      maxIterations: 5,
      timeBudgetMs: 3_600_000,
      backoff: { initialMs: 2000, factor: 2, maxMs: 60_000, jitter: 0.2, skipWhenAdjusted: true },
    });
    expect(config.orchestrator).toMatchObject({ command: ['node', 'etl.mjs'], cwd: '/p', timeoutMs: 1_800_000, env: {} });
    expect(config.git).toEqual({
      mode: 'ref',
      required: false,
      refPrefix: 'refs/etl-cycle',
      keepExecutions: 20,
      remote: undefined,
      untracked: 'exclude',
    });
    expect(config.logs.maxBytes).toBe(100 * 1024 ** 2);
    expect(config.secrets.names).toContain('*PASSWORD*');
    expect(config.logs.dir).toBe('/p/logs');
    expect(config.compose).toEqual({ file: undefined, envFiles: [], profiles: [] });
    expect(config.cleanup).toEqual({ removeOrphans: false, freshVolumes: false, onSuccess: 'keep', onFailure: 'keep', onAbort: 'remove' });
  });

  it('parses durations, sizes, validations and per-service readiness', () => {
    const config = parseConfigText(
      `
compose: { file: stack/compose.yaml }
orchestrator: { command: "make load", timeout: 1m30s, env: { RETRIES: 3, VERBOSE: true } }
readiness:
  timeout: 45
  services:
    db: { wait: { type: log, pattern: ready to accept connections, times: 2 }, timeout: 2m, settle: 500ms }
adjustments: { memory_max: 1.5g }
validations:
  - { type: file_exists, path: out/result.csv, non_empty: true }
  - { type: command, command: [psql, -c, "select 1"], timeout: 10s }
  - { type: exec, service: db, command: [pg_isready], expect_output: accepting }
`,
      '/p/etl-cycle.yaml',
    );
    expect(config.compose).toMatchObject({ file: '/p/stack/compose.yaml' });
    expect(config.orchestrator).toMatchObject({ command: 'make load', timeoutMs: 90_000, env: { RETRIES: '3', VERBOSE: 'true' } });
    expect(config.readiness.timeoutMs).toBe(45_000);
    expect(config.readiness.services.db).toEqual({
      wait: { type: 'log', pattern: 'ready to accept connections', times: 2 },
      timeoutMs: 120_000,
      settleMs: 500,
    });
    expect(config.adjustments.memoryMaxBytes).toBe(Math.round(1.5 * 1024 ** 3));
    expect(config.validations).toEqual([
      { type: 'file_exists', name: 'file out/result.csv exists', path: '/p/out/result.csv', nonEmpty: true },
      { type: 'command', name: 'command #2', command: ['psql', '-c', 'select 1'], cwd: '/p', env: {}, timeoutMs: 10_000 },
      { type: 'exec', name: 'exec #3', service: 'db', command: ['pg_isready'], expectOutput: 'accepting', timeoutMs: 60_000 },
    ]);
  });

  it('accepts `compose: false` for a project with only an orchestrator', () => {
    expect(parseConfigText(`compose: false\n${minimal}`, '/p/etl-cycle.yaml').compose).toBe(false);
  });
});

describe('config: one clear line naming file, line, field and value', () => {
  it.each([
    ['loop:\n  max_iteration: 3\n', '/p/etl-cycle.yaml:4: loop.max_iteration: unknown field; did you mean "max_iterations"?'],
    ['loop:\n  max_iterations: ten\n', '/p/etl-cycle.yaml:4: loop.max_iterations: expected number, got "ten"'],
    ['loop:\n  max_iterations: 0\n', '/p/etl-cycle.yaml:4: loop.max_iterations: must be at least 1, got 0'],
    ['git:\n  mode: rebase\n', '/p/etl-cycle.yaml:4: git.mode: expected "ref" or "commit" or "push" or "off", got "rebase"'],
    ['orchestratr: 1\n', '/p/etl-cycle.yaml:3: orchestratr: unknown field; did you mean "orchestrator"?'],
    [
      'validations:\n  - type: sql\n',
      '/p/etl-cycle.yaml:4: validations[0].type: unknown type "sql"; expected one of command, file_exists, exec, output_clean',
    ],
    [
      'readiness:\n  timeout: soon\n',
      '/p/etl-cycle.yaml:4: readiness.timeout: expected a duration such as 30s, 5m or a number of seconds, got "soon"',
    ],
    ['loop:\n  backoff: { initial: 2m, max: 1m }\n', '/p/etl-cycle.yaml:4: loop.backoff.initial: must not be larger than loop.backoff.max'],
  ])('%j', (extra, expected) => {
    const error = errorOf(`${minimal}${extra}`);
    expect(error.message).toBe(expected);
    expect(error.exitCode).toBe(EXIT_USAGE);
    expect(error.message).not.toContain('\n');
  });

  it('requires exactly one of orchestrator.command and orchestrator.workflow', () => {
    expect(errorOf('orchestrator: {}\n').message).toBe(
      '/p/etl-cycle.yaml:1: orchestrator: set exactly one of orchestrator.command or orchestrator.workflow',
    );
    expect(errorOf('orchestrator: { command: [a], workflow: w }\n').message).toContain('set exactly one of');
  });

  it('reports invalid YAML with its line', () => {
    expect(errorOf(`${minimal}loop:\n  max_iterations: 1\n  max_iterations: 2\n`).message).toMatch(
      /^\/p\/etl-cycle\.yaml:5: invalid YAML: Map keys must be unique/,
    );
  });

  it('counts further problems', () => {
    expect(errorOf('orchestrator: { command: [a] }\nloop: { max_iterations: x, time_budget: y }\n').message).toMatch(
      /\(and 1 more problem\)$/,
    );
  });
});

describe('config: finding the file', () => {
  it('finds etl-cycle.yaml or .yml, and says what to do when there is none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-config-'));
    await expect(findConfigFile(dir)).rejects.toThrow(`no etl-cycle.yaml in ${dir}; create one`);
    await writeFile(join(dir, 'etl-cycle.yml'), minimal);
    expect(await findConfigFile(dir)).toBe(join(dir, 'etl-cycle.yml'));
    await expect(findConfigFile(dir, 'nope.yaml')).rejects.toThrow('nope.yaml: no such file');
    const config = await loadConfig(join(dir, 'etl-cycle.yml'));
    expect(config.dir).toBe(dir);
  });
});

describe('config: the published JSON Schema', () => {
  it('schema/etl-cycle.schema.json matches the code (regenerate: node bin/etl-cycle.js config schema > schema/etl-cycle.schema.json)', async () => {
    const committed = JSON.parse(await readFile(new URL('../../../schema/etl-cycle.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(configJsonSchema());
  });

  it('describes the fields users write', () => {
    const schema = configJsonSchema() as { properties: Record<string, unknown>; required?: string[] };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['orchestrator', 'compose', 'loop', 'readiness', 'validations', 'git', 'logs', 'adjustments', 'classes']),
    );
    expect(schema.required).toEqual(['orchestrator']);
  });
});
