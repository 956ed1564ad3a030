import { OwnershipError } from '../../core/errors.js';

const REMEDY: Record<'container' | 'network' | 'volume', (name: string) => string> = {
  container: (name) => `remove or rename it yourself (docker rm -f ${name}), or change container_name or the project name`,
  network: (name) =>
    `remove it yourself (docker network rm ${name}), declare it \`external: true\` to use it as it is, or change its name or the project name`,
  volume: (name) =>
    `remove it yourself if its data can go (docker volume rm ${name}), declare it \`external: true\` to use it as it is, or change its name or the project name`,
};

/** The name we need is held by something etl-cycle did not create for this project: say so, and what the user can do. */
export function foreignResourceError(kind: 'container' | 'network' | 'volume', name: string, project: string): OwnershipError {
  return new OwnershipError(
    kind,
    name,
    `${kind} "${name}" exists but was not created by etl-cycle for project "${project}"; etl-cycle will not touch it: ${REMEDY[kind](name)}`,
    { hint: REMEDY[kind](name) },
  );
}
