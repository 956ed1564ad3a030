/**
 * cli/main.ts loads every file in cli/commands/ on each start (even for --help), so those files
 * hold only the yargs definitions; the implementations live in cli/actions/ and are loaded with
 * `await import(...)` by the handler that needs them. This reads the sources and fails when a
 * command file (or a module it statically imports, transitively) imports something heavy as a
 * value. Only `import type` is erased: with verbatimModuleSyntax, `import { type X }` still loads
 * the module.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const COMMANDS = join(ROOT, 'cli', 'commands');

/** Folders (from the repository root) whose modules are the heavy implementations. */
const HEAVY_DIRS = ['agent', 'orchestrator', 'docker', 'git', 'patterns', 'process', 'config', 'cli/actions'];
/** Single heavy modules outside those folders. */
const HEAVY_FILES = ['core/logger.ts'];
const HEAVY_PACKAGES = [
  'dockerode',
  'simple-git',
  'execa',
  'winston',
  'winston-transport',
  'zod',
  'yaml',
  'log-update',
  'recheck',
  '@eslint-community/regexpp',
];

interface ImportLine {
  specifier: string;
  typeOnly: boolean;
  text: string;
}

/** Static import/export-from declarations (multi-line ones included); dynamic import() is not one. */
function staticImports(source: string): ImportLine[] {
  const found: ImportLine[] = [];
  for (const m of source.matchAll(/^[ \t]*(import|export)\s+(type\s+)?[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)) {
    found.push({ specifier: m[3]!, typeOnly: m[2] !== undefined, text: m[0] });
  }
  for (const m of source.matchAll(/^[ \t]*import\s*['"]([^'"]+)['"]/gm)) {
    found.push({ specifier: m[1]!, typeOnly: false, text: m[0] });
  }
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** The .ts file a relative `./x.js` specifier names, or undefined when it is not in the sources. */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const target = resolve(dirname(fromFile), specifier);
  const candidates = [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, join(target, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c));
}

/** Why importing `specifier` from `fromFile` as a value is heavy, or undefined when it is not. */
function heavyReason(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) {
    const name = packageName(specifier);
    return HEAVY_PACKAGES.includes(name) ? `package ${name}` : undefined;
  }
  const path = relative(ROOT, resolve(dirname(fromFile), specifier))
    .split(sep)
    .join('/')
    .replace(/\.js$/, '.ts');
  const dir = HEAVY_DIRS.find((d) => path === d || path.startsWith(`${d}/`));
  if (dir) return `${dir}/`;
  return HEAVY_FILES.includes(path) ? path : undefined;
}

/** Every heavy value import reachable from `entry` through static value imports, with the chain that reaches it. */
function heavyImportsFrom(entry: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of staticImports(readFileSync(file, 'utf8'))) {
      if (imp.typeOnly) continue;
      const reason = heavyReason(file, imp.specifier);
      const via = [...chain, relative(ROOT, file)].join(' → ');
      if (reason) {
        problems.push(`${via}: \`${imp.text.replace(/\s+/g, ' ')}\` loads ${reason}`);
        continue;
      }
      if (imp.specifier.startsWith('.')) {
        const next = resolveRelative(file, imp.specifier);
        if (next) visit(next, [...chain, relative(ROOT, file)]);
      }
    }
  };
  visit(entry, []);
  return problems;
}

const commandFiles = readdirSync(COMMANDS)
  .filter((name) => name.endsWith('.ts'))
  .sort();

describe('cli/commands load no implementation', () => {
  it('finds the command files', () => {
    expect(commandFiles).toEqual(
      expect.arrayContaining([
        'classify.ts',
        'config.ts',
        'down.ts',
        'orchestrate.ts',
        'patterns.ts',
        'run.ts',
        'tasks.ts',
        'workflows.ts',
      ]),
    );
  });

  it.each(commandFiles)('cli/commands/%s imports nothing heavy as a value (only `import type`)', (name) => {
    const file = join(COMMANDS, name);
    const direct = staticImports(readFileSync(file, 'utf8'))
      .filter((imp) => !imp.typeOnly && heavyReason(file, imp.specifier) !== undefined)
      .map((imp) => imp.text);
    expect(direct).toEqual([]);
  });

  it.each(commandFiles)('cli/commands/%s reaches nothing heavy through the modules it imports', (name) => {
    expect(heavyImportsFrom(join(COMMANDS, name))).toEqual([]);
  });

  it.each(commandFiles)('cli/commands/%s loads its implementation lazily from cli/actions', (name) => {
    const source = readFileSync(join(COMMANDS, name), 'utf8');
    expect(source).toMatch(/await import\('\.\.\/actions\/[\w-]+\.js'\)/);
  });

  it('the import scan sees what it must (and ignores what it may)', () => {
    const file = join(COMMANDS, 'example.ts');
    const source = [
      "import type { Argv } from 'yargs';",
      "import type { RunReport } from '../../agent/report.js';",
      "import { runCycle } from '../../agent/run-cycle.js';",
      'import {',
      '  loadConfig,',
      '  findConfigFile,',
      "} from '../../config/load-config.js';",
      "import { type Logger } from '../../core/logger.js';",
      "import Docker from 'dockerode';",
      "import 'yaml';",
      "export { checkPacks } from '../../patterns/check-packs.js';",
      "import { UsageError } from '../../core/errors.js';",
      "  const { runAgent } = await import('../actions/run.js');",
    ].join('\n');
    const heavy = staticImports(source).filter((imp) => !imp.typeOnly && heavyReason(file, imp.specifier) !== undefined);
    expect(heavy.map((imp) => imp.specifier).sort()).toEqual([
      '../../agent/run-cycle.js',
      '../../config/load-config.js',
      '../../core/logger.js',
      '../../patterns/check-packs.js',
      'dockerode',
      'yaml',
    ]);
  });
});
