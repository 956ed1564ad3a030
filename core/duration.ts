/**
 * Durations in config files: a number of seconds (`30`, `1.5`) or a Go/Compose-style
 * string (`500ms`, `30s`, `1m30s`, `2h`). Internally everything is milliseconds.
 */
import parseDurationLib from 'parse-duration';

const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** Milliseconds for `value`, or undefined when it is not a duration. */
export function parseDuration(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  const text = value.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!GO_DURATION.test(text)) return undefined;
  const ms = parseDurationLib(text);
  return ms === null || ms === undefined || !Number.isFinite(ms) ? undefined : ms;
}

/** `1m 05s`, `4.2s`, `350ms`: short human form for progress lines and reports. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}h ${mm}m ${ss}s` : `${mm}m ${ss}s`;
}

/**
 * Ages and retention periods (`7d`, `12h`, `2w`, `90d12h`): the Go units plus days and weeks,
 * which config durations do not take (a readiness deadline of days is a typo, a retention is not).
 */
const AGE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;

/** Milliseconds for an age such as `7d`, or undefined when it is not one. */
export function parseAge(value: string): number | undefined {
  const text = value.trim();
  if (!AGE.test(text)) return undefined;
  const ms = parseDurationLib(text);
  return ms === null || ms === undefined || !Number.isFinite(ms) || ms <= 0 ? undefined : ms;
}

export function secondsFromMs(ms: number): number {
  return Math.round(ms) / 1000;
}
