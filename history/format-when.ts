/** "12s ago", "5m ago", "3h ago", "6d ago", then the date: when an execution started, as a list reads it. */
export function formatAge(then: number, now: number): string {
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  if (s < 7 * 86_400) return `${Math.floor(s / 86_400)}d ago`;
  return new Date(then).toISOString().slice(0, 10);
}

export function formatPercent(share: number | null): string {
  return share === null ? 'n/a' : `${(share * 100).toFixed(share === 1 || share === 0 ? 0 : 1)}%`;
}
