/**
 * fetch() rejects with a bare "fetch failed" and hides what happened in `cause` (an Error with a
 * code such as ECONNREFUSED, or an AggregateError when every address of a host refused). The
 * message the classifier and a person need is that inner one: "connect ECONNREFUSED 127.0.0.1:8083".
 */
export function describeFetchError(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5; depth += 1) {
    const cause = (current as { cause?: unknown } | undefined)?.cause;
    if (cause === undefined || cause === null) break;
    current = cause;
  }
  if (current instanceof AggregateError && current.errors.length > 0) {
    return [...new Set(current.errors.map((each) => (each instanceof Error ? each.message : String(each))))].join('; ');
  }
  if (current instanceof Error) return current.message || current.name;
  return String(current);
}
