/**
 * Labels stamped on every container, network and volume etl-cycle creates. Ownership is
 * decided by these labels and nothing else: a resource without LABELS.managedBy is never
 * stopped or removed, whatever its name.
 */
export const LABELS = {
  /** Always "etl-cycle". */
  managedBy: 'etl-cycle.managed-by',
  /** The project name (Compose `name:`, config `project:` or the folder name). */
  project: 'etl-cycle.project',
  /** The Compose service a container belongs to. */
  service: 'etl-cycle.service',
  /** Network or volume key as written in the Compose file (`default`, `pgdata`). */
  resource: 'etl-cycle.resource',
  /** The execution (run) that created the resource. */
  execution: 'etl-cycle.execution',
  /** Hash of the service definition, to tell a stale container from a current one. */
  configHash: 'etl-cycle.config-hash',
  /** etl-cycle's version, for support. */
  version: 'etl-cycle.version',
  /** What a resource that is no service's container is for: "readiness-probe" (docker/readiness/probe-helper.ts). */
  role: 'etl-cycle.role',
} as const;

export const MANAGED_BY_VALUE = 'etl-cycle';

export function ownedBy(labels: Record<string, string> | null | undefined, project: string): boolean {
  return !!labels && labels[LABELS.managedBy] === MANAGED_BY_VALUE && labels[LABELS.project] === project;
}

/** Engine filter selecting everything of one project that we own. */
export function projectFilter(project: string): { label: string[] } {
  return { label: [`${LABELS.managedBy}=${MANAGED_BY_VALUE}`, `${LABELS.project}=${project}`] };
}
