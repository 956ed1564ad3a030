/**
 * Dependency graphs, the one implementation for Compose services and orchestrator tasks: a
 * node is an id, `dependenciesOf(id)` names what must come before it. Every routine is
 * iterative (a long chain cannot overflow the call stack) and deterministic (ties go to the
 * declaration order), so the same file always gives the same plan and the same error.
 * Dependencies on ids outside the graph are ignored: callers decide whether that is an error.
 */
export type DependenciesOf = (id: string) => readonly string[];

/**
 * A dependency cycle, spelled out the way a user fixes it: `["a", "b", "c", "a"]` reads "a
 * depends on b, which depends on c, which depends on a". Undefined when there is none.
 */
export function findDependencyCycle(ids: readonly string[], dependenciesOf: DependenciesOf): string[] | undefined {
  const inGraph = new Set(ids);
  const state = new Map<string, 'visiting' | 'done'>();
  for (const root of ids) {
    if (state.has(root)) continue;
    const path: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'visiting');
    while (path.length > 0) {
      const frame = path[path.length - 1]!;
      const dependencies = dependenciesOf(frame.id);
      if (frame.next >= dependencies.length) {
        state.set(frame.id, 'done');
        path.pop();
        continue;
      }
      const dependency = dependencies[frame.next]!;
      frame.next += 1;
      if (!inGraph.has(dependency)) continue;
      const seen = state.get(dependency);
      if (seen === 'visiting') {
        const start = path.findIndex((f) => f.id === dependency);
        return [...path.slice(start).map((f) => f.id), dependency];
      }
      if (seen === undefined) {
        state.set(dependency, 'visiting');
        path.push({ id: dependency, next: 0 });
      }
    }
  }
  return undefined;
}

/**
 * Every id after everything it depends on (Kahn's algorithm). Among ids ready at the same time
 * the one declared first goes first, so the order is the declaration order wherever the
 * dependencies allow it. Throws on a cycle: check with findDependencyCycle first to tell the
 * user which one.
 */
export function topologicalOrder(ids: readonly string[], dependenciesOf: DependenciesOf): string[] {
  const position = new Map(ids.map((id, index) => [id, index]));
  const waitingFor = new Map<string, number>();
  const dependents = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) {
    const inside = [...new Set(dependenciesOf(id))].filter((dependency) => position.has(dependency));
    waitingFor.set(id, inside.length);
    for (const dependency of inside) dependents.get(dependency)!.push(id);
  }
  const ready = ids.filter((id) => waitingFor.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => position.get(a)! - position.get(b)!);
    const id = ready.shift()!;
    order.push(id);
    for (const dependent of dependents.get(id)!) {
      const left = waitingFor.get(dependent)! - 1;
      waitingFor.set(dependent, left);
      if (left === 0) ready.push(dependent);
    }
  }
  if (order.length !== ids.length) {
    throw new Error(`topologicalOrder: a dependency cycle among ${ids.filter((id) => !order.includes(id)).join(', ')}`);
  }
  return order;
}

/**
 * Ids by level: level 0 needs nothing, level n needs something of level n−1 and nothing later.
 * The ids of one level do not depend on each other, so they can run (or start) together, and
 * stopping goes through the levels in reverse. Each level keeps the declaration order.
 */
export function dependencyLevels(ids: readonly string[], dependenciesOf: DependenciesOf): string[][] {
  const level = new Map<string, number>();
  for (const id of topologicalOrder(ids, dependenciesOf)) {
    const own = Math.max(-1, ...dependenciesOf(id).map((dependency) => level.get(dependency) ?? -1)) + 1;
    level.set(id, own);
  }
  const groups: string[][] = [];
  for (const id of ids) (groups[level.get(id)!] ??= []).push(id);
  return groups;
}

/**
 * The ids for which `keep` holds and holds for everything they depend on, transitively: what
 * stays valid when everything else runs again (a resumed execution reuses a task only when
 * every task before it is reused too, since a task that runs again may change what it fed).
 * In `ids` order.
 */
export function keptWithDependencies(ids: readonly string[], dependenciesOf: DependenciesOf, keep: (id: string) => boolean): string[] {
  const inGraph = new Set(ids);
  const kept = new Set<string>();
  for (const id of topologicalOrder(ids, dependenciesOf)) {
    if (keep(id) && dependenciesOf(id).every((dependency) => !inGraph.has(dependency) || kept.has(dependency))) kept.add(id);
  }
  return ids.filter((id) => kept.has(id));
}
