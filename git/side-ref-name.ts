/**
 * `refs/etl-cycle/<execution>/<iteration>`: one ref per iteration, grouped by run, outside
 * refs/heads and refs/tags so no branch list, push or fetch refspec picks it up by default.
 */
export const DEFAULT_REF_PREFIX = 'refs/etl-cycle';

/** A component git accepts in a ref name (see git check-ref-format), kept deliberately plain. */
const SAFE_COMPONENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export type SideRef = { ok: true; ref: string } | { ok: false; reason: string };

export function sideRefName(prefix: string | undefined, executionId: string, iteration: number): SideRef {
  const namespace = (prefix ?? DEFAULT_REF_PREFIX).replace(/\/+$/, '');
  const parts = namespace.split('/');
  if (parts[0] !== 'refs' || parts.length < 2 || !parts.slice(1).every(isSafeComponent)) {
    return { ok: false, reason: `git ref prefix "${namespace}" is not a valid ref namespace: use refs/<name>, e.g. ${DEFAULT_REF_PREFIX}` };
  }
  if (!isSafeComponent(executionId)) return { ok: false, reason: `execution id "${executionId}" cannot be part of a git ref name` };
  if (!Number.isSafeInteger(iteration) || iteration < 0)
    return { ok: false, reason: `iteration ${iteration} is not a non-negative integer` };
  return { ok: true, ref: `${namespace}/${executionId}/${iteration}` };
}

function isSafeComponent(component: string): boolean {
  return SAFE_COMPONENT.test(component) && !component.endsWith('.lock') && !component.endsWith('.') && !component.includes('..');
}
