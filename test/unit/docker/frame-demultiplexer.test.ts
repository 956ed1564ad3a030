import { describe, expect, it } from 'vitest';
import { FrameDemultiplexer, demultiplexToText } from '../../../docker/engine/frame-demultiplexer.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function collect(chunks: Buffer[]): [string, string][] {
  const out: [string, string][] = [];
  const demux = new FrameDemultiplexer((stream, payload) => out.push([stream, payload.toString('utf8')]));
  for (const chunk of chunks) demux.push(chunk);
  demux.end();
  return out;
}

describe('FrameDemultiplexer', () => {
  it('separates stdout and stderr frames, in order', () => {
    expect(collect([Buffer.concat([frame(1, 'a\n'), frame(2, 'oops\n'), frame(1, 'b\n')])])).toEqual([
      ['stdout', 'a\n'],
      ['stderr', 'oops\n'],
      ['stdout', 'b\n'],
    ]);
  });

  it('reassembles frames split anywhere, even inside the header, one byte at a time', () => {
    const whole = Buffer.concat([frame(1, 'hello '), frame(2, 'wörld')]);
    const bytes = [...whole].map((b) => Buffer.from([b]));
    expect(
      collect(bytes)
        .map(([s, t]) => `${s}:${t}`)
        .join('|'),
    ).toBe('stdout:hello |stderr:wörld');
  });

  it('passes a stream that is not multiplexed through as stdout instead of dropping it', () => {
    expect(collect([Buffer.from('plain tty output\r\n'), Buffer.from('more\r\n')])).toEqual([
      ['stdout', 'plain tty output\r\n'],
      ['stdout', 'more\r\n'],
    ]);
  });

  it('keeps the payload of a truncated last frame', () => {
    const cut = frame(2, 'last words').subarray(0, 8 + 4);
    expect(collect([frame(1, 'x'), cut])).toEqual([
      ['stdout', 'x'],
      ['stderr', 'last'],
    ]);
  });

  it('demultiplexToText joins a whole answer as text', () => {
    expect(demultiplexToText(Buffer.concat([frame(1, 'one\n'), frame(2, 'two\n')]))).toBe('one\ntwo\n');
    expect(demultiplexToText(Buffer.alloc(0))).toBe('');
  });
});
