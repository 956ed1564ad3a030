// Lint = typescript-eslint's recommended rules + the architecture, written down as rules:
// one direction of imports (cli → agent | orchestrator → config → docker | patterns | git |
// process → core) and each third-party client imported in exactly one place.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const layer = (name) => [`../${name}/*`, `../../${name}/*`, `../${name}`, `../../${name}`];
const forbidLayers = (...names) => names.flatMap(layer);

/** Third-party clients and the one file (glob) allowed to import each. */
const confined = {
  dockerode: 'docker/engine/dockerode-client.ts',
  execa: 'process/**/*.ts',
  'simple-git': 'git/**/*.ts',
  winston: 'core/logger.ts',
  'winston-transport': 'core/logger.ts',
  'p-retry': 'agent/retry-loop.ts',
};

const restrict = (files, layers, allowedClients = []) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...(layers.length
            ? [
                {
                  group: forbidLayers(...layers),
                  message: 'Imports go one way: cli → agent/orchestrator → config → docker/patterns/git/process → core.',
                },
              ]
            : []),
        ],
        paths: Object.keys(confined)
          .filter((name) => !allowedClients.includes(name))
          .map((name) => ({ name, message: `Import ${name} only in ${confined[name]} (one place per third-party client).` })),
      },
    ],
  },
});

/**
 * cli/commands/* is loaded on every start (even for --help): it holds only the yargs
 * definitions, and each handler loads its implementation from cli/actions with `await import()`.
 * So no value import of a layer, of cli/actions or of a heavy package there (types are fine).
 */
const lazyMessage =
  "cli/commands/* is loaded on every start: only yargs definitions and types here; implementations live in cli/actions and are loaded lazily (await import('../actions/<name>.js')).";
const heavyPackages = ['zod', 'yaml', 'log-update', 'recheck', '@eslint-community/regexpp'];
const lazyCommands = {
  files: ['cli/commands/**/*.ts'],
  rules: {
    // Replaces the options of restrict(['cli/**/*.ts']) for these files, so it keeps its paths.
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: [
              ...['agent', 'orchestrator', 'docker', 'git', 'patterns', 'process', 'config'].flatMap((name) => [
                `../../${name}/*`,
                `../../${name}`,
              ]),
              '../actions/*',
              '../../core/logger.js',
            ],
            allowTypeImports: true,
            message: lazyMessage,
          },
        ],
        paths: [
          // The confined clients stay forbidden outright (types too), as everywhere under cli/.
          ...Object.keys(confined).map((name) => ({
            name,
            message: `Import ${name} only in ${confined[name]} (one place per third-party client); ${lazyMessage}`,
          })),
          ...heavyPackages.map((name) => ({ name, allowTypeImports: true, message: lazyMessage })),
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'logs/**', 'bench/results/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Prettier wraps code at 140 columns; what it cannot wrap (long strings, comments) is held here.
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
  restrict(
    ['core/**/*.ts'],
    ['cli', 'agent', 'orchestrator', 'config', 'docker', 'patterns', 'git', 'process'],
    ['winston', 'winston-transport'],
  ),
  restrict(['docker/**/*.ts'], ['cli', 'agent', 'orchestrator', 'config', 'patterns', 'git', 'process']),
  restrict(['docker/engine/dockerode-client.ts'], ['cli', 'agent', 'orchestrator', 'config', 'patterns', 'git', 'process'], ['dockerode']),
  restrict(['patterns/**/*.ts'], ['cli', 'agent', 'orchestrator', 'config', 'docker', 'git', 'process']),
  restrict(['git/**/*.ts'], ['cli', 'agent', 'orchestrator', 'config', 'docker', 'patterns', 'process'], ['simple-git']),
  restrict(['process/**/*.ts'], ['cli', 'agent', 'orchestrator', 'config', 'docker', 'patterns', 'git'], ['execa']),
  restrict(['config/**/*.ts'], ['cli', 'agent', 'orchestrator', 'docker', 'patterns', 'git', 'process']),
  restrict(['agent/**/*.ts'], ['cli', 'orchestrator']),
  restrict(['agent/retry-loop.ts'], ['cli', 'orchestrator'], ['p-retry']),
  restrict(['orchestrator/**/*.ts'], ['cli', 'agent']),
  restrict(['cli/**/*.ts'], []),
  lazyCommands,
  {
    files: ['core/logger.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.{ts,mjs,js}'],
    rules: { 'no-restricted-imports': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
