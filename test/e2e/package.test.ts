/**
 * The package as a user gets it: `npm pack` (which runs `prepare`: the build and the API's type
 * declarations), the tarball installed into an empty project from the registry's dependencies,
 * then the installed CLI run on a real stack and the programmatic API imported, run and
 * type-checked by a consumer written in TypeScript.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment, readOnlyReport } from '../support/cli.js';
import { BUSYBOX_IMAGE, removeResourcesWithLabels, TEST_LABEL, uniqueProjectName } from '../support/docker.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let work: string;
let app: string;
let files: string[];

function run(command: string, args: string[], cwd: string, timeout = 240_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: cliEnvironment(), timeout });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'etl-cycle-package-'));
  const packed = run('npm', ['pack', '--json', '--pack-destination', work], root, 280_000);
  expect(packed.status, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  files = info!.files.map((f) => f.path);
  app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  const installed = run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, info!.filename)], app, 280_000);
  expect(installed.status, installed.stderr).toBe(0);
}, 600_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('holds what runs etl-cycle and nothing else', () => {
    for (const needed of [
      'bin/etl-cycle.js',
      'dist/bundle/etl-cycle.js',
      'dist/api/index.js',
      'dist/api/index.d.ts',
      'schema/etl-cycle.schema.json',
      'package.json',
      'README.md',
    ]) {
      expect(files).toContain(needed);
    }
    expect(files.some((f) => f.startsWith('patterns/packs/') && f.endsWith('.yaml'))).toBe(true);
    const unwanted = files.filter((f) =>
      /^(test|bench|examples|scripts|\.github)\/|^dist\/(bench|examples)\/|\.map$|(?<!\.d)\.ts$/.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it('installs into an empty project: the CLI starts and brings a stack up green', async () => {
    const version = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')).version as string;
    const shown = run('npx', ['--no-install', 'etl-cycle', '--version'], app);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout.trim()).toBe(version);

    const project = uniqueProjectName('pkg');
    const stack = join(app, 'stack');
    await mkdir(stack);
    await writeFile(
      join(stack, 'compose.yaml'),
      `services:\n  web:\n    image: ${BUSYBOX_IMAGE}\n    command: ["httpd", "-f", "-p", "8080"]\n    expose: ["8080"]\n    stop_grace_period: 1s\n`,
    );
    await writeFile(
      join(stack, 'etl-cycle.yaml'),
      `project: ${project}\ndocker:\n  labels:\n    ${TEST_LABEL}: "1"\ngit:\n  mode: "off"\norchestrator:\n  command: [sh, -c, "echo loaded 3 rows"]\ncleanup:\n  on_success: remove\n`,
    );
    try {
      const result = run('npx', ['--no-install', 'etl-cycle', 'run'], stack);
      expect(result.status, result.stderr).toBe(0);
      expect(await readOnlyReport(join(stack, 'logs'))).toMatchObject({ overall_success: true, project });
    } finally {
      await removeResourcesWithLabels([`etl-cycle.project=${project}`]);
    }
  });

  it('exposes runCycle and classify with types: a TypeScript consumer type-checks and runs', async () => {
    await writeFile(
      join(app, 'consumer.ts'),
      `import { classify, ERROR_CLASS_IDS, isEtlCycleError, runCycle } from 'etl-cycle';
import type { ClassifyResult, RunCycleOptions, RunReport } from 'etl-cycle';

const options: RunCycleOptions = { cwd: 'stack', maxIterations: 2, git: 'off' };
const result: ClassifyResult = await classify('psql: error: connection to server at "127.0.0.1", port 5432 failed: Connection refused\\n');
const report: RunReport | undefined = process.argv[2] === 'run' ? await runCycle(options) : undefined;
console.log(JSON.stringify({ primary: result.primary, line: result.primaryMatch?.line, classes: ERROR_CLASS_IDS.length, report: report?.stop_reason ?? null, guard: isEtlCycleError(new Error('x')) }));
`,
    );
    const checked = run(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--types',
        'node',
        '--typeRoots',
        join(root, 'node_modules/@types'),
        'consumer.ts',
      ],
      app,
    );
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);

    // A type error against the API is caught: the declarations are real, not `any`.
    await writeFile(join(app, 'wrong.ts'), `import { runCycle } from 'etl-cycle';\nawait runCycle({ maxIterations: 'three' });\n`);
    const wrong = run(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        'nodenext',
        '--moduleResolution',
        'nodenext',
        '--target',
        'es2022',
        '--types',
        'node',
        '--typeRoots',
        join(root, 'node_modules/@types'),
        'wrong.ts',
      ],
      app,
    );
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toContain("Type 'string' is not assignable to type 'number'");

    await writeFile(
      join(app, 'consumer.mjs'),
      `import { classify, ERROR_CLASS_IDS } from 'etl-cycle';\nconst r = await classify('psql: error: connection to server at "127.0.0.1", port 5432 failed: Connection refused\\n');\nconsole.log(JSON.stringify({ primary: r.primary, line: r.primaryMatch?.line, classes: ERROR_CLASS_IDS.length }));\n`,
    );
    const ran = run(process.execPath, ['consumer.mjs'], app);
    expect(ran.status, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ primary: 'connection_refused', line: 1, classes: expect.any(Number) });
  });
});
