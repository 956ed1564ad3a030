/**
 * A seeded generator of malformed YAML documents for the loaders' fuzz tests: valid
 * etl-cycle.yaml and compose.yaml documents broken in the ways real files and hostile ones are —
 * wrong types, huge numbers, deep nesting, odd unicode, alias bombs and cycles, truncation,
 * binary junk, tags, duplicate keys, tabs — one kind or several at once. Every document is a
 * Buffer: some are not UTF-8 on purpose.
 */
import { createRandom, randomInt } from '../../bench/support/seeded-random.js';
import type { Random } from '../../bench/support/seeded-random.js';

export const MUTATIONS = [
  'wrong_type',
  'huge_number',
  'deep_flow',
  'deep_block',
  'unicode',
  'alias_bomb',
  'alias_cycle',
  'truncated',
  'binary_junk',
  'tags',
  'duplicate_key',
  'tabs_and_layout',
  'several',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

export interface MalformedDocument {
  mutation: Mutation;
  bytes: Buffer;
}

const CONFIG_LINES = [
  'orchestrator:',
  '  command: [sh, -c, "echo load"]',
  '  env: { DB_HOST: 127.0.0.1, DB_PORT: "5432" }',
  '  timeout: 10m',
  'loop:',
  '  max_iterations: 3',
  '  backoff: { initial: 1s, max: 10s }',
  'readiness:',
  '  timeout: 30s',
  'git:',
  '  mode: "off"',
  'logs:',
  '  dir: logs',
  '  max_size: 10m',
  'secrets:',
  '  names: ["*PASSWORD*"]',
  'validations:',
  '  - type: file_exists',
  '    path: out.csv',
];

const COMPOSE_LINES = [
  'services:',
  '  db:',
  '    image: etl-cycle/postgres:15',
  '    environment:',
  '      POSTGRES_PASSWORD: secret',
  '    ports: ["15432:5432"]',
  '    mem_limit: 512m',
  '    healthcheck:',
  '      test: ["CMD", "pg_isready"]',
  '      interval: 1s',
  '  web:',
  '    image: etl-cycle/busybox:1',
  '    depends_on: [db]',
  '    command: ["httpd", "-f"]',
  'volumes:',
  '  pgdata: {}',
];

const ODD_VALUES = [
  '[]',
  '{}',
  'null',
  '~',
  'true',
  '-1',
  '0',
  '""',
  '[[[]]]',
  '{a: {b: {c: 1}}}',
  '!!binary aGVsbG8=',
  '2001-12-14t21:59:43.10-05:00',
  '0x1F',
  '0o17',
  '.nan',
  '.inf',
  '-.inf',
];
const HUGE_NUMBERS = [
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '9007199254740993',
  '1e-400',
  '99999999999999999999999m',
  '1e308',
];
const ODD_TEXT = [
  '😀🔥',
  'שלום',
  '\u200b\u200d',
  'e\u0301\u0301\u0301',
  '\u2028\u2029',
  '\u001b[31mred\u001b[0m',
  '\u0007\u0008',
  '\uFEFF',
  'a\u0000b',
  '\uFFFD',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '../../../etc/passwd',
  '${HOME}',
  '$(reboot)',
];

export function generateMalformedDocuments(kind: 'config' | 'compose', count: number, seed: number): MalformedDocument[] {
  const random = createRandom(seed);
  const base = kind === 'config' ? CONFIG_LINES : COMPOSE_LINES;
  const docs: MalformedDocument[] = [];
  for (let i = 0; i < count; i += 1) {
    const mutation = MUTATIONS[i % MUTATIONS.length]!;
    docs.push({ mutation, bytes: mutate(mutation, [...base], random) });
  }
  return docs;
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function valueLine(random: Random, lines: string[]): number {
  const candidates = lines.map((line, index) => (line.includes(': ') ? index : -1)).filter((index) => index >= 0);
  if (candidates.length > 0) return pick(random, candidates);
  lines.push('extra: 1');
  return lines.length - 1;
}

function replaceValue(line: string, value: string): string {
  const at = line.indexOf(': ');
  return `${line.slice(0, at)}: ${value}`;
}

function mutate(mutation: Mutation, lines: string[], random: Random): Buffer {
  const text = (l: string[]) => Buffer.from(`${l.join('\n')}\n`, 'utf8');
  switch (mutation) {
    case 'wrong_type': {
      for (let n = randomInt(random, 1, 3); n > 0; n -= 1) {
        const at = valueLine(random, lines);
        lines[at] = replaceValue(lines[at]!, pick(random, ODD_VALUES));
      }
      return text(lines);
    }
    case 'huge_number': {
      const at = valueLine(random, lines);
      lines[at] = replaceValue(lines[at]!, pick(random, HUGE_NUMBERS));
      return text(lines);
    }
    case 'deep_flow': {
      const depth = randomInt(random, 60, 6000);
      const open = pick(random, ['[', '{a: ', '[{b: ']);
      const close = open === '[' ? ']' : open === '{a: ' ? '}' : '}]';
      const at = valueLine(random, lines);
      lines[at] = replaceValue(lines[at]!, `${open.repeat(depth)}1${random() < 0.5 ? close.repeat(depth) : ''}`);
      return text(lines);
    }
    case 'deep_block': {
      const depth = randomInt(random, 100, 3000);
      const step = randomInt(random, 1, 2);
      const nested = Array.from({ length: depth }, (_, d) => `${' '.repeat(d * step)}k${d}:`);
      return text([...lines, 'deep:', ...nested.map((l) => ` ${l}`)]);
    }
    case 'unicode': {
      for (let n = randomInt(random, 1, 3); n > 0; n -= 1) {
        const at = randomInt(random, 0, lines.length - 1);
        const odd = pick(random, ODD_TEXT);
        lines[at] = random() < 0.5 ? `${lines[at]}${odd}` : `${odd}${lines[at]}`;
      }
      if (random() < 0.3) lines.push(`"${pick(random, ODD_TEXT)}": 1`);
      if (random() < 0.3) lines.push(`${pick(random, ODD_TEXT)}\n: value`);
      return text(lines);
    }
    case 'alias_bomb': {
      const width = randomInt(random, 5, 12);
      const depth = randomInt(random, 4, 9);
      const bomb = [`l0: &l0 [${Array(width).fill('"lol"').join(', ')}]`];
      for (let d = 1; d < depth; d += 1)
        bomb.push(
          `l${d}: &l${d} [${Array(width)
            .fill(`*l${d - 1}`)
            .join(', ')}]`,
        );
      const at = valueLine(random, lines);
      lines[at] = replaceValue(lines[at]!, `*l${depth - 1}`);
      return text([...bomb, ...lines]);
    }
    case 'alias_cycle': {
      const forms = ['x: &a [*a]', 'x: &a {b: *a}', 'x: *undefined_anchor', 'x: &a\n  - *a\n  - *a', '<<: *nope'];
      return text([pick(random, forms), ...lines]);
    }
    case 'truncated': {
      const full = text(lines);
      const cut = randomInt(random, 1, full.length - 1);
      const head = full.subarray(0, cut);
      // Sometimes the cut leaves an open quote, bracket or a half multi-byte character.
      const tail = pick(random, ['', '"', "'", '[', '{', '- ', ': ', '\u00e9'.slice(0, 1), '|', '>-']);
      return Buffer.concat([head, Buffer.from(tail, 'utf8'), random() < 0.3 ? Buffer.from([0xc3]) : Buffer.alloc(0)]);
    }
    case 'binary_junk': {
      const junk = Buffer.from(Array.from({ length: randomInt(random, 1, 64) }, () => randomInt(random, 0, 255)));
      if (random() < 0.3) return junk;
      const full = text(lines);
      const at = randomInt(random, 0, full.length);
      return Buffer.concat([full.subarray(0, at), junk, full.subarray(at)]);
    }
    case 'tags': {
      const at = valueLine(random, lines);
      lines[at] = replaceValue(
        lines[at]!,
        pick(random, [
          '!!binary aGVsbG8=',
          '!!set {a, b}',
          '!!omap [a: 1]',
          '!custom x',
          '!!timestamp 2001-12-14',
          '!!float x',
          '!!int "1"',
          '!!map []',
        ]),
      );
      return text(lines);
    }
    case 'duplicate_key': {
      const at = randomInt(random, 0, lines.length - 1);
      lines.splice(at, 0, lines[at]!);
      return text(lines);
    }
    case 'tabs_and_layout': {
      const at = randomInt(random, 0, lines.length - 1);
      const forms = [
        (l: string) => l.replace(/^ +/, '\t'),
        (l: string) => ` ${l}`,
        (l: string) => `${l}\n---\nmore: doc`,
        (l: string) => `${l} # comment: with [brackets`,
        (l: string) => `${l}\r`,
        (l: string) => l.replace(': ', ':'),
        (l: string) => `? ${l}`,
        (l: string) => `${l}\n%YAML 1.2`,
      ];
      lines[at] = pick(random, forms)(lines[at]!);
      return text(lines);
    }
    case 'several': {
      let bytes: Buffer = text(lines);
      for (let n = randomInt(random, 2, 3); n > 0; n -= 1) {
        const next = pick(
          random,
          MUTATIONS.filter((m) => m !== 'several'),
        );
        bytes = mutate(next, bytes.toString('latin1').split('\n').filter(Boolean), random);
      }
      return bytes;
    }
  }
}
