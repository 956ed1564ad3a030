/**
 * argv form runs the program directly (no shell: no quoting surprises, no injection); a string
 * is a shell line and gets what the user typed — pipes, `&&`, variables — through /bin/sh -c.
 */
export interface SpawnArguments {
  file: string;
  args: string[];
}

export function toSpawnArguments(command: readonly string[] | string): SpawnArguments {
  if (typeof command === 'string') return { file: '/bin/sh', args: ['-c', command] };
  const [file, ...args] = command;
  return { file: file!, args };
}
