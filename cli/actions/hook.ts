/**
 * `etl-cycle hook install | uninstall | status`: the pre-push hook that runs `etl-cycle hook run`
 * (cli/actions/hook-run.ts) before every push. It goes where the project's hook manager expects
 * it (cli/hook/hook-target.ts) and never destroys a hook that was there: a plain pre-push hook
 * is kept and chained (it runs first), husky and lefthook get one entry added to their files.
 * Loaded lazily by cli/commands/hook.ts.
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { findConfigFile } from '../../config/load-config.js';
import { UsageError } from '../../core/errors.js';
import { locateHooks } from '../../git/locate-hooks.js';
import { openProject } from '../../project/open-project.js';
import { hookScript, isOurHook, PREVIOUS_HOOK_NAME } from '../hook/hook-script.js';
import { describeTarget, findHookTarget } from '../hook/hook-target.js';
import type { HookTarget } from '../hook/hook-target.js';
import { addHuskyBlock, hasHuskyBlock, newHuskyFile, removeHuskyBlock } from '../hook/husky-block.js';
import { addLefthookCommand, hasLefthookCommand, LEFTHOOK_COMMAND, removeLefthookCommand } from '../hook/lefthook-config.js';
import { selfCommand } from '../version.js';

export interface HookInstallArgs {
  config?: string;
  force: boolean;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

export async function installHook(args: HookInstallArgs): Promise<number> {
  const cwd = process.cwd();
  const location = await locateHooks(cwd);
  const configArg = await configArgument(cwd, location.root, args.config);
  const runArgs = ['--config', configArg];
  const target = await findHookTarget(location);
  const where = describeTarget(target, location.root);

  switch (target.kind) {
    case 'lefthook': {
      const text = await readFile(target.file, 'utf8');
      await writeFile(target.file, addLefthookCommand(text, basename(target.file), runArgs));
      out(`etl-cycle: added the command "${LEFTHOOK_COMMAND}" to pre-push in ${where}; it tests ${configArg} before every push`);
      const lefthookHook = await readText(join(target.hooksDir, 'pre-push'));
      if (!lefthookHook?.includes('lefthook')) out('  lefthook has not installed its git hooks yet: run `npx lefthook install`');
      break;
    }
    case 'husky': {
      const text = (await readText(target.file)) ?? newHuskyFile(target.legacy);
      await mkdir(dirname(target.file), { recursive: true });
      await writeFile(target.file, addHuskyBlock(text, runArgs));
      await chmod(target.file, 0o755);
      out(`etl-cycle: added the pre-push check to ${where}; it tests ${configArg} before every push (commit the file to share it)`);
      break;
    }
    case 'git': {
      await mkdir(target.hooksDir, { recursive: true });
      const existing = await readText(target.file);
      const previous = join(target.hooksDir, PREVIOUS_HOOK_NAME);
      let kept = false;
      if (existing !== undefined && !isOurHook(existing)) {
        if ((await readText(previous)) !== undefined && !args.force) {
          throw new UsageError(
            `${where} is not etl-cycle's and ${PREVIOUS_HOOK_NAME} exists already; move one of them away, or pass --force to replace ${PREVIOUS_HOOK_NAME}`,
          );
        }
        await rename(target.file, previous);
        kept = true;
      }
      const [node, cli] = selfCommand();
      await writeFile(target.file, hookScript({ node: node!, cli: cli!, args: runArgs }), { mode: 0o755 });
      await chmod(target.file, 0o755);
      out(`etl-cycle: installed the pre-push hook in ${where}; it tests ${configArg} before every push`);
      if (kept) out(`  the pre-push hook that was there is kept as ${PREVIOUS_HOOK_NAME} and runs first`);
      break;
    }
  }
  out('  skip it once with `git push --no-verify` or `ETL_CYCLE_SKIP=1 git push`; remove it with `etl-cycle hook uninstall`');
  return 0;
}

export async function uninstallHook(): Promise<number> {
  const location = await locateHooks(process.cwd());
  const target = await findHookTarget(location);
  const where = describeTarget(target, location.root);
  const text = await readText(target.file);
  switch (target.kind) {
    case 'lefthook':
      if (text === undefined || !hasLefthookCommand(text, basename(target.file))) return notInstalled(where);
      await writeFile(target.file, removeLefthookCommand(text, basename(target.file)));
      out(`etl-cycle: removed the command "${LEFTHOOK_COMMAND}" from pre-push in ${where}`);
      return 0;
    case 'husky': {
      if (text === undefined || !hasHuskyBlock(text)) return notInstalled(where);
      const rest = removeHuskyBlock(text);
      // A file that only held our block (and husky's loader lines) goes too.
      if (rest.replace(/^#!.*$|^\. .*husky\.sh.*$/gm, '').trim() === '') await rm(target.file);
      else await writeFile(target.file, rest);
      out(`etl-cycle: removed the pre-push check from ${where}`);
      return 0;
    }
    case 'git': {
      if (text === undefined || !isOurHook(text)) return notInstalled(where);
      const previous = join(target.hooksDir, PREVIOUS_HOOK_NAME);
      if ((await readText(previous)) !== undefined) {
        await rename(previous, target.file);
        out(`etl-cycle: removed the pre-push hook; the one it chained is back in ${where}`);
      } else {
        await rm(target.file);
        out(`etl-cycle: removed the pre-push hook ${where}`);
      }
      return 0;
    }
  }
}

/** Exit 0 when the hook is installed, 1 when not (scripts can test it). */
export async function hookStatus(): Promise<number> {
  const location = await locateHooks(process.cwd());
  const target = await findHookTarget(location);
  const where = describeTarget(target, location.root);
  const text = await readText(target.file);
  const installed = text !== undefined && isInstalled(target, text);
  if (!installed) {
    out(`etl-cycle: no pre-push hook installed (${where}); \`etl-cycle hook install\` adds it`);
    return 1;
  }
  const config = /--config (\S+)/.exec(text)?.[1]?.replace(/^'|'$/g, '');
  out(`etl-cycle: pre-push hook installed in ${where}${config ? `, testing ${config}` : ''}`);
  if (target.kind === 'git') {
    const previous = await readText(join(target.hooksDir, PREVIOUS_HOOK_NAME));
    if (previous !== undefined) out(`  chains the earlier hook ${PREVIOUS_HOOK_NAME} (runs first)`);
    const cli = /^cli=(.*)$/m.exec(text)?.[1]?.replace(/^'|'$/g, '');
    if (cli && (await readText(cli)) === undefined)
      out(`  ${cli} is gone: the hook falls back to etl-cycle on PATH or npx (reinstall to fix)`);
  }
  if (location.hooksPath) out(`  core.hooksPath = ${location.hooksPath}`);
  return 0;
}

function isInstalled(target: HookTarget, text: string): boolean {
  if (target.kind === 'lefthook') return hasLefthookCommand(text, basename(target.file));
  if (target.kind === 'husky') return hasHuskyBlock(text);
  return isOurHook(text);
}

function notInstalled(where: string): number {
  out(`etl-cycle: no etl-cycle pre-push hook in ${where}; nothing to remove`);
  return 0;
}

/** The config the hook tests, relative to the top of the work tree (the same path in every checkout). */
async function configArgument(cwd: string, root: string, explicit: string | undefined): Promise<string> {
  const file = await findConfigFile(cwd, explicit);
  const rel = relative(root, file);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new UsageError(`${file}: outside the repository ${root}; the hook tests the pushed commit, so etl-cycle.yaml must be part of it`);
  }
  const warnings: string[] = [];
  const project = await openProject({ cwd, configPath: file, onWarning: (w) => warnings.push(w) });
  // The pushed commit is checked out in a temporary folder: a project named after its folder
  // would get another name (and other containers) there than in this checkout.
  if (project.config.project === undefined && resolve(dirname(file)) === resolve(root) && project.name === folderName(root)) {
    out(
      `  note: ${rel} sets no project name and the Compose file no name:, so the hook's run names the project after its temporary folder; add \`project: ${project.name}\` to ${rel}`,
    );
  }
  return rel.split('\\').join('/');
}

function folderName(dir: string): string {
  return basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '');
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
