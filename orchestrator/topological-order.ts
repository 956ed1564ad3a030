/**
 * Tasks in an order that runs every dependency first (Kahn's algorithm). Among tasks that are
 * ready at the same time the one declared first goes first, so the order is the file's order
 * wherever the dependencies allow it: predictable for people reading a plan or a log.
 * Dependencies outside `ids` are ignored (they are not part of this execution).
 */
export function topologicalOrder(ids: readonly string[], dependenciesOf: (id: string) => readonly string[]): string[] {
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
    // checkTasks rejects cycles before anything is ordered; reaching this is a bug.
    throw new Error(`topologicalOrder: a dependency cycle among ${ids.filter((id) => !order.includes(id)).join(', ')}`);
  }
  return order;
}
