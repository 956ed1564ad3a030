/**
 * Configuration files must be UTF-8. Node's `readFile(file, 'utf8')` turns bytes that are not
 * into U+FFFD without a word, so a config saved as Latin-1 or UTF-16 would be read as something
 * else than what its author sees. This decodes strictly and, when it fails, says where.
 */
import { isUtf8 } from 'node:buffer';

export type Utf8Result =
  | { ok: true; text: string }
  | {
      ok: false;
      /** Byte offset of the first byte that is not valid UTF-8. */
      offset: number;
      /** 1-based line of that byte. */
      line: number;
      /** One line for people: what was found and what to do. */
      message: string;
    };

export function decodeUtf8(bytes: Buffer): Utf8Result {
  if (isUtf8(bytes)) {
    const text = bytes.toString('utf8');
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  }
  const offset = firstInvalidByte(bytes);
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line += 1;
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  const byte = `0x${bytes[offset]!.toString(16).padStart(2, '0')}`;
  return {
    ok: false,
    offset,
    line,
    message: utf16
      ? 'the file is UTF-16, not UTF-8; save it as UTF-8'
      : `not valid UTF-8 (byte ${byte} at offset ${offset}); save the file as UTF-8`,
  };
}

/**
 * Where the first invalid byte is: the lenient decoder's first U+FFFD that the file did not
 * spell out itself (EF BF BD). Everything before it decoded as written, so its UTF-8 length
 * is the byte offset.
 */
function firstInvalidByte(bytes: Buffer): number {
  const text = bytes.toString('utf8');
  let offset = 0;
  let from = 0;
  for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) {
    offset += Buffer.byteLength(text.slice(from, i));
    from = i;
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
  }
  return offset;
}
