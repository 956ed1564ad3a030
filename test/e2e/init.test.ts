/**
 * `etl-cycle init` on the shipped stacks, through the built CLI: from their Compose files alone
 * (their etl-cycle.yaml removed) it writes a config that `config check` accepts, and on the
 * benchmark's warehouse stack (a plain ETL script next to a Compose file, the way teams start)
 * `run` turns green with that config. Also: no overwrite without --force, the CI files.
 */
import { appendFile, cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/support/free-port.js';
import { git } from '../integration/git/repo-helpers.js';
import { readOnlyReport, runCli } from '../support/cli.js';
import { removeResourcesWithLabels, TEST_LABEL } from '../support/docker.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A copy of a shipped stack without its etl-cycle.yaml: what a team has before etl-cycle. */
async function stackWithoutConfig(stack: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'etl-cycle-init-'));
  dirs.push(dir);
  await cp(join(root, stack), dir, { recursive: true });
  await rm(join(dir, 'etl-cycle.yaml'));
  return dir;
}

describe('etl-cycle init', () => {
  it.each([
    ['examples/postgres-etl', { db: 'healthcheck' }],
    ['examples/pg-to-http', { source: 'healthcheck', sink: 'ports' }],
    ['bench/stacks/warehouse', { db: 'healthcheck', lookup: 'ports' }],
  ])('%s: a config from the Compose file that config check accepts', async (stack, readiness) => {
    const dir = await stackWithoutConfig(stack);
    const init = await runCli(['init'], { cwd: dir });
    expect(init.exitCode, init.stderr).toBe(0);
    expect(init.stdout).toContain('wrote etl-cycle.yaml');
    const config = parse(await readFile(join(dir, 'etl-cycle.yaml'), 'utf8'));
    expect(
      Object.fromEntries(Object.entries(config.readiness.services).map(([name, s]) => [name, (s as { wait: { type: string } }).wait.type])),
    ).toEqual(readiness);
    expect(typeof config.project).toBe('string');
    const check = await runCli(['config', 'check'], { cwd: dir });
    expect(check.exitCode, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/etl-cycle.yaml: ok — project /);
  });

  it('on the warehouse stack the written config runs green (guessed orchestrator: node etl/run-etl.mjs)', async () => {
    const dir = await stackWithoutConfig('bench/stacks/warehouse');
    await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
    expect((await runCli(['init'], { cwd: dir })).exitCode).toBe(0);
    const written = await readFile(join(dir, 'etl-cycle.yaml'), 'utf8');
    expect(written).toContain('command: ["node", "etl/run-etl.mjs"]');
    expect(written).toContain('# Guessed from etl/run-etl.mjs');
    const project = parse(written).project as string;
    // The test's own marks: its label on every resource, no git snapshot of a temp folder.
    await appendFile(join(dir, 'etl-cycle.yaml'), `docker:\n  labels:\n    ${TEST_LABEL}: "1"\ngit:\n  mode: "off"\n`);
    try {
      const ports = { DB_PORT: String(await freePort()), LOOKUP_PORT: String(await freePort()) };
      const result = await runCli(['run'], { cwd: dir, env: ports });
      expect(result.exitCode, result.stderr).toBe(0);
      expect(await readOnlyReport(join(dir, 'logs'))).toMatchObject({ overall_success: true, project });
    } finally {
      await removeResourcesWithLabels([`etl-cycle.project=${project}`]);
    }
  });

  it('never overwrites etl-cycle.yaml without --force; a folder without a Compose file is one line', async () => {
    const dir = await stackWithoutConfig('examples/postgres-etl');
    await writeFile(join(dir, 'etl-cycle.yaml'), 'orchestrator:\n  command: [echo, mine]\n');
    const refused = await runCli(['init'], { cwd: dir });
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.trim()).toBe(
      'etl-cycle: etl-cycle.yaml exists; --force overwrites it (or etl-cycle init --ci github|gitlab adds only the CI file)',
    );
    expect(await readFile(join(dir, 'etl-cycle.yaml'), 'utf8')).toBe('orchestrator:\n  command: [echo, mine]\n');
    expect((await runCli(['init', '--force'], { cwd: dir })).exitCode).toBe(0);
    expect(await readFile(join(dir, 'etl-cycle.yaml'), 'utf8')).toContain('written by `etl-cycle init`');

    const empty = await mkdtemp(join(tmpdir(), 'etl-cycle-init-empty-'));
    dirs.push(empty);
    const none = await runCli(['init'], { cwd: empty });
    expect(none.exitCode).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toContain('no compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml in');
  });

  it('--ci github and --ci gitlab write complete CI files for the config they name', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'etl-cycle-init-repo-'));
    dirs.push(repo);
    git(repo, 'init', '-q');
    const dir = join(repo, 'stack');
    await cp(join(root, 'examples/postgres-etl'), dir, { recursive: true });
    await rm(join(dir, 'etl-cycle.yaml'));
    await writeFile(join(dir, 'package.json'), '{"name":"stack","private":true}\n');
    await writeFile(join(dir, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n');

    const github = await runCli(['init', '--ci', 'github'], { cwd: dir });
    expect(github.exitCode, github.stderr).toBe(0);
    const workflow = parse(await readFile(join(repo, '.github/workflows/etl-cycle.yml'), 'utf8'));
    const steps = workflow.jobs['etl-cycle'].steps as { uses?: string; run?: string; with?: Record<string, string>; if?: string }[];
    expect(steps.find((s) => s.run)?.run).toBe('npm ci --prefix stack');
    const action = steps.find((s) => s.with?.config)!;
    expect(action.uses).toMatch(/^[\w.-]+\/etl-cycle@v\d/);
    expect(action.with).toEqual({ config: 'stack/etl-cycle.yaml', args: '--junit etl-cycle-junit.xml' });
    expect(steps.at(-1)).toMatchObject({ if: 'failure()', uses: 'actions/upload-artifact@v4' });
    expect(steps.at(-1)!.with!.path).toContain('stack/logs/');

    // The config is kept as it is now; a second --ci github refuses to overwrite the workflow.
    expect((await runCli(['init', '--ci', 'github'], { cwd: dir })).exitCode).toBe(2);

    const gitlab = await runCli(['init', '--ci', 'gitlab'], { cwd: dir });
    expect(gitlab.exitCode, gitlab.stderr).toBe(0);
    const job = parse(await readFile(join(repo, '.gitlab-ci.yml'), 'utf8'))['etl-cycle'];
    expect(job.script).toEqual(['npx --yes etl-cycle run --config stack/etl-cycle.yaml --junit etl-cycle-junit.xml']);
    expect(job.artifacts).toMatchObject({ when: 'always', reports: { junit: 'etl-cycle-junit.xml' }, paths: ['stack/logs/'] });

    // A project with its own .gitlab-ci.yml gets a file to include.
    await rm(join(repo, '.gitlab-ci.yml'));
    await writeFile(join(repo, '.gitlab-ci.yml'), 'test:\n  script: [npm test]\n');
    const included = await runCli(['init', '--ci', 'gitlab'], { cwd: dir });
    expect(included.exitCode, included.stderr).toBe(0);
    expect(included.stdout).toContain('include: { local: .gitlab/etl-cycle.gitlab-ci.yml }');
    expect(await readFile(join(repo, '.gitlab-ci.yml'), 'utf8')).toBe('test:\n  script: [npm test]\n');
    expect(parse(await readFile(join(repo, '.gitlab/etl-cycle.gitlab-ci.yml'), 'utf8'))['etl-cycle']).toBeDefined();
  });
});
