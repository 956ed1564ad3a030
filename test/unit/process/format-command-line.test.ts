import { describe, expect, it } from 'vitest';
import { formatCommandLine } from '../../../process/format-command-line.js';
import { toSpawnArguments } from '../../../process/to-spawn-arguments.js';

describe('formatCommandLine', () => {
  it('shows a shell line as given', () => {
    expect(formatCommandLine('npm run etl -- --full && echo "done"')).toBe('npm run etl -- --full && echo "done"');
  });

  it('quotes only the argv parts that need it, POSIX-style', () => {
    expect(formatCommandLine(['psql', '-h', 'db', '-c', 'select 1', '--set=ON_ERROR_STOP=1'])).toBe(
      "psql -h db -c 'select 1' --set=ON_ERROR_STOP=1",
    );
    expect(formatCommandLine(['echo', "it's", '', '$HOME'])).toBe("echo 'it'\\''s' '' '$HOME'");
  });
});

describe('toSpawnArguments', () => {
  it('runs a string through /bin/sh -c and argv directly', () => {
    expect(toSpawnArguments('a | b')).toEqual({ file: '/bin/sh', args: ['-c', 'a | b'] });
    expect(toSpawnArguments(['node', 'x.js', 'a b'])).toEqual({ file: 'node', args: ['x.js', 'a b'] });
  });
});
