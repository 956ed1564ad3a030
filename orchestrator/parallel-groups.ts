/**
 * Tasks by level: level 1 needs nothing, level n needs something of level n-1. Everything in
 * one group may run at the same time; the dry run shows these so a user sees what --parallel
 * can overlap. `order` must be topological (dependencies first).
 */
export function parallelGroups(order: readonly string[], dependenciesOf: (id: string) => readonly string[]): string[][] {
  const level = new Map<string, number>();
  const groups: string[][] = [];
  for (const id of order) {
    const own = Math.max(-1, ...dependenciesOf(id).map((dependency) => level.get(dependency) ?? -1)) + 1;
    level.set(id, own);
    (groups[own] ??= []).push(id);
  }
  return groups;
}
