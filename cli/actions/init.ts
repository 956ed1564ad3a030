/**
 * `etl-cycle init [--ci github|gitlab] [--force]`: start from an existing Compose file. Writes an
 * etl-cycle.yaml naming the services, how each one's readiness is decided (healthcheck, ports)
 * and a guessed orchestrator command, with comments; checks it the way `config check` does;
 * with --ci also the CI file. Never overwrites a file without --force. Loaded lazily by
 * cli/commands/init.ts.
 */
import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { locateRepository } from '../../git/locate-repository.js';
import { checkTasks } from '../../orchestrator/check-tasks.js';
import { inspectComposeFolder } from '../../project/inspect-compose-folder.js';
import { openProject } from '../../project/open-project.js';
import { actionReference } from '../ci/action-reference.js';
import { githubWorkflow, gitlabJob } from '../init/ci-templates.js';
import type { CiTemplateInput } from '../init/ci-templates.js';
import { guessOrchestrator } from '../init/guess-orchestrator.js';
import { renderConfig } from '../init/render-config.js';
import { packageFile } from '../version.js';

export type CiProvider = 'github' | 'gitlab';

export interface InitArgs {
  config?: string;
  ci?: CiProvider;
  force: boolean;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

export async function initProject(args: InitArgs): Promise<number> {
  const cwd = process.cwd();
  const configFile = resolve(cwd, args.config ?? 'etl-cycle.yaml');
  const dir = dirname(configFile);
  const shown = (path: string) => relative(cwd, path) || basename(path);

  if (!(await exists(configFile)) || args.force) {
    await writeConfig(configFile, args.force, (w) => process.stderr.write(`warning: ${w}\n`));
    out(`etl-cycle: wrote ${shown(configFile)}`);
  } else if (!args.ci) {
    throw new UsageError(`${shown(configFile)} exists; --force overwrites it (or etl-cycle init --ci github|gitlab adds only the CI file)`);
  } else {
    out(`etl-cycle: kept ${shown(configFile)} as it is`);
  }

  // The same check as `etl-cycle config check`: what init wrote (or kept) must be runnable.
  const warnings: string[] = [];
  const project = await openProject({ cwd, configPath: configFile, onWarning: (w) => warnings.push(w) });
  checkTasks(project.config, project.model);
  const services = project.model.services.map((s) => s.name);
  out(
    `  project ${project.name}, ${services.length} service(s)${services.length ? ` (${services.join(', ')})` : ''}, orchestrator ${JSON.stringify(project.config.orchestrator.command ?? project.config.orchestrator.workflow)}`,
  );

  if (args.ci) {
    const located = await locateRepository(dir);
    const root = located.kind === 'repository' ? located.repository.root : dir;
    const action = actionReference();
    const input: CiTemplateInput = {
      configPath: repoPath(root, configFile),
      logsPath: repoPath(root, project.paths.logsDir),
      actionRef: action.ref,
      installCommands: await installCommands(root, dir),
    };
    const written = args.ci === 'github' ? await writeGithub(root, input, args.force) : await writeGitlab(root, input, args.force);
    out(`etl-cycle: wrote ${shown(written.file)}${written.note ? `; ${written.note}` : ''}`);
    if (args.ci === 'github' && !action.known)
      out(`  replace OWNER in \`uses: ${action.ref}\` with the account that hosts etl-cycle's action`);
  }
  out('next: `etl-cycle doctor` checks the machine, `etl-cycle run` brings the stack up green, `etl-cycle hook install` tests every push');
  return 0;
}

async function writeConfig(configFile: string, force: boolean, warn: (message: string) => void): Promise<void> {
  const dir = dirname(configFile);
  const model = await inspectComposeFolder(dir, warn);
  if (!model) {
    throw new UsageError(
      `no compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml in ${dir}; etl-cycle init starts from the Compose file of your stack (run it where that file is)`,
    );
  }
  const schemaFile = packageFile('schema/etl-cycle.schema.json');
  const schema = schemaFile ? relative(dir, schemaFile) : '..';
  const text = renderConfig({
    model,
    guess: await guessOrchestrator(dir),
    composeFileName: model.composeFile ? basename(model.composeFile) : undefined,
    // Only a schema inside the project (node_modules/etl-cycle/...) is worth a committed modeline.
    schemaPath: schema.startsWith('..') || isAbsolute(schema) ? undefined : schema.split('\\').join('/'),
  });
  await writeFile(configFile, text, { flag: force ? 'w' : 'wx' });
}

async function writeGithub(root: string, input: CiTemplateInput, force: boolean): Promise<{ file: string; note?: string }> {
  const file = join(root, '.github', 'workflows', 'etl-cycle.yml');
  await writeNew(file, githubWorkflow(input), force);
  return { file };
}

/** GitLab reads one .gitlab-ci.yml: a project that has one gets a file to `include:` instead. */
async function writeGitlab(root: string, input: CiTemplateInput, force: boolean): Promise<{ file: string; note?: string }> {
  const main = join(root, '.gitlab-ci.yml');
  if (!(await exists(main))) {
    await writeNew(main, gitlabJob(input), force);
    return { file: main };
  }
  const file = join(root, '.gitlab', 'etl-cycle.gitlab-ci.yml');
  await writeNew(file, gitlabJob(input), force);
  return { file, note: 'add `include: { local: .gitlab/etl-cycle.gitlab-ci.yml }` to your .gitlab-ci.yml' };
}

async function writeNew(file: string, text: string, force: boolean): Promise<void> {
  if (!force && (await exists(file))) throw new UsageError(`${file} exists; --force overwrites it`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

/** What the CI job installs before the run, from the files next to etl-cycle.yaml. */
async function installCommands(root: string, dir: string): Promise<string[]> {
  const at = relative(root, dir);
  const prefix = at ? ` --prefix ${at}` : '';
  const commands: string[] = [];
  if (await exists(join(dir, 'package-lock.json'))) commands.push(`npm ci${prefix}`);
  else if (await exists(join(dir, 'package.json'))) commands.push(`npm install${prefix}`);
  if (await exists(join(dir, 'requirements.txt'))) commands.push(`pip install -r ${at ? `${at}/` : ''}requirements.txt`);
  return commands;
}

function repoPath(root: string, path: string): string {
  const rel = relative(root, path);
  return (rel.startsWith('..') || isAbsolute(rel) ? path : rel || '.').split('\\').join('/');
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
