/**
 * A dependency cycle among tasks, spelled out the way a user fixes it: `["a", "b", "c", "a"]`
 * reads "a depends on b, which depends on c, which depends on a". Depth-first with an explicit
 * stack, so a long chain of tasks cannot overflow the call stack; roots and dependencies are
 * visited in declaration order, so the same file always reports the same cycle.
 */
export function findDependencyCycle(ids: readonly string[], dependenciesOf: (id: string) => readonly string[]): string[] | undefined {
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
