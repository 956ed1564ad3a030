/**
 * `etl-cycle hook install | uninstall | status`: a git pre-push hook that tests the commit being
 * pushed (in a temporary worktree) and blocks the push when it does not come up green. It
 * respects core.hooksPath, husky and lefthook, and chains a pre-push hook that was there.
 * `hook run` is what the installed hook executes (hidden). Implementations: cli/actions/hook.ts
 * and cli/actions/hook-run.ts, loaded only when one of these runs.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../options.js';

interface HookInstallOptions extends GlobalArgs {
  force: boolean;
}

export const hookCommand: CommandModule<GlobalArgs, GlobalArgs> = {
  command: 'hook <action>',
  describe: 'A git pre-push hook that tests what you push (install | uninstall | status)',
  builder: (y: Argv<GlobalArgs>) =>
    y
      .command(
        'install',
        'Install the pre-push hook (git hooks folder, husky or lefthook); -c names the etl-cycle.yaml it tests',
        (i: Argv<GlobalArgs>) =>
          i.option('force', {
            type: 'boolean',
            default: false,
            describe: 'Replace a kept earlier hook (pre-push.etl-cycle-previous)',
          }) as unknown as Argv<HookInstallOptions>,
        async (args: ArgumentsCamelCase<HookInstallOptions>) => {
          const { installHook } = await import('../actions/hook.js');
          process.exitCode = await installHook(args);
        },
      )
      .command('uninstall', 'Remove the pre-push hook (and put back the hook it chained)', {}, async () => {
        const { uninstallHook } = await import('../actions/hook.js');
        process.exitCode = await uninstallHook();
      })
      .command('status', 'Say whether and where the pre-push hook is installed (exit 1 when it is not)', {}, async () => {
        const { hookStatus } = await import('../actions/hook.js');
        process.exitCode = await hookStatus();
      })
      .command({
        command: 'run [remote] [url]',
        describe: false, // hidden: the installed hook runs it, with the pushed refs on stdin
        handler: async (args: ArgumentsCamelCase<GlobalArgs>) => {
          const { runPushCheck } = await import('../actions/hook-run.js');
          process.exitCode = await runPushCheck(args);
        },
      })
      .demandCommand(1, 'name an action: install, uninstall or status') as Argv<GlobalArgs>,
  handler: () => undefined,
};
