/**
 * Which variables hold secrets, by name: the globs of `secrets.names` in etl-cycle.yaml
 * (case-insensitive, `*` for any run of characters), plus names listed in
 * `secrets.values_from_env`, whose values are secret whatever they are called.
 */
import picomatch from 'picomatch';

/** The default `secrets.names`: what CI systems and the tools ETL stacks use call their secrets. */
export const DEFAULT_SECRET_NAMES = ['*PASSWORD*', '*PASSWD*', '*SECRET*', '*TOKEN*', '*KEY*', '*CREDENTIAL*', '*_PWD'] as const;

export interface SecretNamePolicy {
  names: readonly string[];
  valuesFromEnv: readonly string[];
}

/** A predicate telling a secret variable's name from an ordinary one. */
export function secretNameMatcher(policy: SecretNamePolicy): (name: string) => boolean {
  const byGlob = policy.names.length ? picomatch([...policy.names], { nocase: true, dot: true }) : () => false;
  const listed = new Set(policy.valuesFromEnv);
  return (name) => listed.has(name) || byGlob(name);
}
