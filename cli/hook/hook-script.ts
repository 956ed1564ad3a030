/**
 * The pre-push hook script `etl-cycle hook install` writes into the hooks folder (plain git,
 * or a core.hooksPath folder). It is recognised by its marker line. When a pre-push hook was
 * there before, it was kept under PREVIOUS_HOOK_NAME and runs first, with the same arguments
 * and the same refs on stdin; its failure blocks the push as it did before.
 */
import { shellQuoteArg } from './shell-quote-arg.js';

export const HOOK_MARKER = '# etl-cycle-hook v1';
export const PREVIOUS_HOOK_NAME = 'pre-push.etl-cycle-previous';

export interface HookCommand {
  /** Absolute paths of the node and the etl-cycle CLI that installed the hook (tried first). */
  node: string;
  cli: string;
  /** Arguments after `hook run`, e.g. ['--config', 'etl/etl-cycle.yaml']. */
  args: string[];
}

export function isOurHook(text: string): boolean {
  return text.includes(HOOK_MARKER);
}

/** The shell line that runs `etl-cycle hook run` in a shared hook file (husky, lefthook): found on PATH or by npx. */
export function portableHookCommand(args: readonly string[]): string {
  return ['npx', '--no-install', 'etl-cycle', 'hook', 'run', ...args.map(shellQuoteArg)].join(' ');
}

export function hookScript(command: HookCommand): string {
  const run = ['hook', 'run', ...command.args].map(shellQuoteArg).join(' ');
  return `#!/bin/sh
${HOOK_MARKER}
# Tests the commit being pushed in a temporary worktree (etl-cycle run) and blocks the push
# when it does not come up green. Installed by \`etl-cycle hook install\`; \`etl-cycle hook
# uninstall\` removes it and puts back the hook that was here before (${PREVIOUS_HOOK_NAME}).
# Skip it once: git push --no-verify, or ETL_CYCLE_SKIP=1 git push.
if [ "\${ETL_CYCLE_SKIP:-}" = "1" ]; then
  echo "etl-cycle: pre-push check skipped (ETL_CYCLE_SKIP=1)" >&2
  exit 0
fi
refs=$(cat)
previous="$(dirname "$0")/${PREVIOUS_HOOK_NAME}"
if [ -x "$previous" ]; then
  printf '%s\\n' "$refs" | "$previous" "$@" || exit $?
fi
node=${shellQuoteArg(command.node)}
cli=${shellQuoteArg(command.cli)}
if [ -x "$node" ] && [ -f "$cli" ]; then
  printf '%s\\n' "$refs" | "$node" "$cli" ${run} "$@"
elif command -v etl-cycle >/dev/null 2>&1; then
  printf '%s\\n' "$refs" | etl-cycle ${run} "$@"
else
  printf '%s\\n' "$refs" | npx --no-install etl-cycle ${run} "$@"
fi
`;
}
