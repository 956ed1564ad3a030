import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { guessOrchestrator } from '../../../../cli/init/guess-orchestrator.js';
import { renderConfig } from '../../../../cli/init/render-config.js';
import { parseConfigText } from '../../../../config/load-config.js';
import type { ProjectModel, ServiceModel } from '../../../../docker/types.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function folder(files: Record<string, string>): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-guess-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

describe('init: the orchestrator guess', () => {
  it('a Makefile target wins over a package.json script and scripts', async () => {
    const d = await folder({
      Makefile: 'build:\n\tgo build\netl: build\n\t./etl\nX := 1\n',
      'package.json': '{"scripts":{"etl":"node x"}}',
      'run.py': '',
    });
    expect(await guessOrchestrator(d)).toEqual({ command: ['make', 'etl'], source: 'Makefile target etl' });
  });

  it('then a package.json script, then an entry script at the top or in etl/', async () => {
    expect(await guessOrchestrator(await folder({ 'package.json': '{"scripts":{"test":"x","pipeline":"node p.mjs"}}' }))).toEqual({
      command: ['npm', 'run', 'pipeline'],
      source: 'package.json script pipeline',
    });
    await rm(dir!, { recursive: true });
    expect(await guessOrchestrator(await folder({ 'etl/main.py': '', 'etl/helpers.py': '' }))).toEqual({
      command: ['python3', 'etl/main.py'],
      source: 'etl/main.py',
    });
    await rm(dir!, { recursive: true });
    expect((await guessOrchestrator(await folder({ 'etl/run-etl.mjs': '', 'etl/main.sh': '' })))?.command).toEqual([
      'node',
      'etl/run-etl.mjs',
    ]);
  });

  it('nothing recognisable: no guess', async () => {
    expect(await guessOrchestrator(await folder({ 'README.md': '', 'lib/util.py': '' }))).toBeUndefined();
  });
});

function service(name: string, extra: Partial<ServiceModel> = {}): ServiceModel {
  return {
    name,
    image: 'x',
    environment: {},
    ports: [],
    volumes: [],
    dependsOn: [],
    labels: {},
    networks: ['default'],
    aliases: [],
    extraHosts: [],
    tty: false,
    stdinOpen: false,
    disabled: false,
    ...extra,
  };
}

describe('init: the written etl-cycle.yaml', () => {
  const model: ProjectModel = {
    name: 'shop',
    workingDir: '/p',
    services: [
      service('db', {
        healthcheck: { test: ['CMD', 'pg_isready'], intervalMs: 5000, retries: 20, startPeriodMs: 30_000 },
        ports: [{ containerPort: 5432, protocol: 'tcp', hostPort: 15432, published: true }],
      }),
      service('api', { ports: [{ containerPort: 8080, protocol: 'tcp', published: false }] }),
      service('worker'),
      service('debug-ui', { disabled: true }),
    ],
    networks: [],
    volumes: [],
  };

  it('is a valid config naming each service with its readiness, and the guessed command', () => {
    const text = renderConfig({ model, guess: { command: ['make', 'etl'], source: 'Makefile target etl' } });
    const config = parseConfigText(text, '/p/etl-cycle.yaml');
    expect(config.project).toBe('shop');
    expect(config.orchestrator.command).toEqual(['make', 'etl']);
    expect(Object.keys(config.readiness.services)).toEqual(['db', 'api', 'worker']);
    expect(text).toContain('# healthcheck found: pg_isready');
    // 30 s start period + 20 x 5 s: longer than the default deadline, so it is written down.
    expect(text).toContain('timeout: 130s');
    expect(text).toContain('#   db: 127.0.0.1:15432 -> 5432/tcp');
    expect(text).toContain('# env: { DB_HOST: "127.0.0.1", DB_PORT: "15432" }');
  });

  it('without a guess the command is a placeholder that says what to do', () => {
    const config = parseConfigText(renderConfig({ model, guess: undefined }), '/p/etl-cycle.yaml');
    expect(JSON.stringify(config.orchestrator.command)).toContain('set orchestrator.command in etl-cycle.yaml');
  });
});
