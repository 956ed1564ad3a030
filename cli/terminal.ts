/**
 * How to talk to the person (or CI log) in front of us: live progress only on an interactive
 * terminal outside CI; colours only when allowed (NO_COLOR, FORCE_COLOR, TERM=dumb, TTY).
 */
import ciInfo from 'ci-info';
import pc from 'picocolors';

export interface TerminalMode {
  /** Redraw a live status area (TTY, not CI, not disabled). */
  live: boolean;
  color: boolean;
  ci: boolean;
  githubActions: boolean;
  gitlabCi: boolean;
  colors: ReturnType<typeof pc.createColors>;
}

export function detectTerminal(env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream, options: { progress?: boolean } = {}): TerminalMode {
  const ci = ciInfo.isCI || isTruthy(env.CI);
  const dumb = env.TERM === 'dumb';
  const forced = env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  const color = !('NO_COLOR' in env && env.NO_COLOR !== '') && (forced || (stream.isTTY === true && !dumb));
  return {
    // A pseudo-terminal with no size (some CI wrappers) cannot show a redrawn area: use plain lines.
    live: options.progress !== false && stream.isTTY === true && !ci && !dumb && (stream.columns ?? 0) > 0 && (stream.rows ?? 0) > 0,
    color,
    ci,
    githubActions: env.GITHUB_ACTIONS === 'true',
    gitlabCi: env.GITLAB_CI === 'true',
    colors: pc.createColors(color),
  };
}

function isTruthy(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}
