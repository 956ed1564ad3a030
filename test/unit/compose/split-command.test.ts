import { describe, expect, it } from 'vitest';
import { CommandSyntaxError, splitCommand } from '../../../docker/compose/split-command.js';

describe('splitCommand', () => {
  it('splits on whitespace and groups quoted words', () => {
    expect(splitCommand('python -m etl  --table "daily sales"')).toEqual(['python', '-m', 'etl', '--table', 'daily sales']);
    expect(splitCommand("psql -c 'select 1;'")).toEqual(['psql', '-c', 'select 1;']);
    expect(splitCommand('a"b c"d')).toEqual(['ab cd']);
    expect(splitCommand('echo ""')).toEqual(['echo', '']);
    expect(splitCommand('  ')).toEqual([]);
    expect(splitCommand('one\ntwo\tthree')).toEqual(['one', 'two', 'three']);
  });

  it('honours backslash escapes outside single quotes', () => {
    expect(splitCommand('echo a\\ b')).toEqual(['echo', 'a b']);
    expect(splitCommand('echo "say \\"hi\\""')).toEqual(['echo', 'say "hi"']);
    expect(splitCommand("echo 'no \\ escape'")).toEqual(['echo', 'no \\ escape']);
  });

  it('keeps $, #, * and ? literal: there is no shell', () => {
    expect(splitCommand('echo $HOME ${PATH} "$USER"')).toEqual(['echo', '$HOME', '${PATH}', '$USER']);
    expect(splitCommand('curl http://api/x#frag # not a comment')).toEqual(['curl', 'http://api/x#frag', '#', 'not', 'a', 'comment']);
    expect(splitCommand('ls *.sql file?.csv')).toEqual(['ls', '*.sql', 'file?.csv']);
  });

  it('rejects shell operators, suggesting sh -c', () => {
    for (const [command, operator] of [
      ['a | b', '|'],
      ['a && b', '&&'],
      ['a; b', ';'],
      ['a > out', '>'],
      ['a &', '&'],
      ['a || b', '||'],
    ] as const) {
      expect(() => splitCommand(command)).toThrow(CommandSyntaxError);
      expect(() => splitCommand(command)).toThrow(`contains the shell operator "${operator}"`);
    }
    expect(() => splitCommand('wait-for db && run')).toThrow('["sh", "-c", "wait-for db && run"]');
  });

  it('accepts operator characters inside quotes', () => {
    expect(splitCommand('sh -c "a | b && c > d"')).toEqual(['sh', '-c', 'a | b && c > d']);
  });

  it('rejects unclosed quotes', () => {
    expect(() => splitCommand('echo "abc')).toThrow('has an unclosed double quote');
    expect(() => splitCommand("echo 'abc")).toThrow('has an unclosed single quote');
    expect(splitCommand('echo "it\'s"')).toEqual(['echo', "it's"]);
  });
});
