// Lint = typescript-eslint's recommended rules + the architecture, written down as rules:
// one direction of imports between the top-level modules (the table `mayImport` below, drawn
// in docs/architecture.md) and each third-party client imported in exactly one place.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Which modules each module may import (besides itself). Everything else is forbidden, so the
 * graph stays acyclic: core at the bottom; config, docker, patterns, git, process beside each
 * other on it; project (config + Compose + identity) above them; history (the run ledger, on
 * config and core only); orchestrator and agent above project; session (a run's lock, ledger
 * and dead-run recovery) above those; cli and api (the programmatic entry) on top, side by side.
 */
export const mayImport = {
  core: [],
  config: ['core'],
  docker: ['core'],
  patterns: ['core'],
  git: ['core'],
  process: ['core'],
  project: ['config', 'docker', 'core'],
  history: ['config', 'core'],
  // Alerts (webhooks at a run's end) and the scheduler: the ledger reaches them through cli/, as narrow interfaces.
  alerts: ['config', 'core'],
  schedule: ['core'],
  orchestrator: ['project', 'config', 'docker', 'patterns', 'process', 'core'],
  agent: ['project', 'history', 'config', 'docker', 'patterns', 'git', 'process', 'core'],
  // A run's session: the project lock, the ledger that records it, the recovery after dead runs,
  // and the built-in orchestrator as the agent runs it (windows included: they live in the ledger), for cli and api alike.
  session: ['metrics', 'agent', 'orchestrator', 'project', 'history', 'alerts', 'config', 'docker', 'patterns', 'git', 'process', 'core'],
  // Prometheus metrics from the ledger (GET /metrics, metrics.textfile, metrics.pushgateway).
  metrics: ['history', 'config', 'core'],
  // `etl-cycle serve`: the HTTP API, health, metrics and the web page over the ledger.
  serve: ['metrics', 'history', 'config', 'core'],
  cli: [
    'serve',
    'metrics',
    'session',
    'agent',
    'orchestrator',
    'project',
    'history',
    'alerts',
    'schedule',
    'config',
    'docker',
    'patterns',
    'git',
    'process',
    'core',
  ],
  // The programmatic API (package.json "exports"): a thin, documented surface over the loop and the classifier.
  api: ['session', 'agent', 'orchestrator', 'project', 'config', 'patterns', 'core'],
};
const modules = Object.keys(mayImport);
const layer = (name) => ['../', '../../', '../../../'].flatMap((up) => [`${up}${name}/*`, `${up}${name}`]);
const forbiddenFor = (module) => modules.filter((other) => other !== module && !mayImport[module].includes(other)).flatMap(layer);
const directionMessage = (module) =>
  `Imports go one way: ${module}/ may import ${mayImport[module].join(', ') || 'nothing outside itself'} (see mayImport in eslint.config.js and docs/architecture.md).`;
/** The Compose loader is reached through project/ (the one home of project setup), not directly. */
const composeLoader = ['../docker/compose/*', '../../docker/compose/*', '../../../docker/compose/*'];

/** Third-party clients and the one file (glob) allowed to import each. */
const confined = {
  dockerode: 'docker/engine/dockerode-client.ts',
  execa: 'process/**/*.ts',
  'simple-git': 'git/**/*.ts',
  winston: 'core/logger.ts',
  'winston-transport': 'core/logger.ts',
  'p-retry': 'core/retry.ts',
  croner: 'core/cron.ts',
  'junit-report-builder': 'cli/ci/junit-report.ts',
  kysely: 'history/**/*.ts',
  libsql: 'history/store/sqlite-dialect.ts',
  pg: 'history/store/postgres-dialect.ts',
  'prom-client': 'metrics/**/*.ts',
  fastify: 'serve/**/*.ts',
  'fastify-type-provider-zod': 'serve/**/*.ts',
  '@fastify/swagger': 'serve/**/*.ts',
};

const restrict = (module, { files = [`${module}/**/*.ts`], allowedClients = [], extraPatterns = [], extraPaths = [] } = {}) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...(forbiddenFor(module).length ? [{ group: forbiddenFor(module), message: directionMessage(module) }] : []),
          ...(['docker', 'project'].includes(module)
            ? []
            : [
                {
                  group: composeLoader,
                  message: 'Load the Compose file through project/ (openProject / projectOf), not docker/compose directly.',
                },
              ]),
          ...extraPatterns,
        ],
        paths: [
          ...Object.keys(confined)
            .filter((name) => !allowedClients.includes(name))
            .map((name) => ({ name, message: `Import ${name} only in ${confined[name]} (one place per third-party client).` })),
          ...extraPaths,
        ],
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
              ...modules.filter((name) => name !== 'cli' && name !== 'core').flatMap((name) => [`../../${name}/*`, `../../${name}`]),
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

/**
 * Inside patterns/: engine (matching) ← catalogue (reading and validating packs) ← checks
 * (ReDoS, `patterns check`); the top-level files (types, load-catalogue) tie them together.
 * The engine runs on every classification, so it also stays free of the heavy packages that
 * only reading packs needs (start-up time).
 */
const patternsEngineMessage =
  'patterns/engine/ is the matching engine: it imports no pack reading (catalogue/), no checks (checks/) and no heavy package (zod, yaml, recheck, regexpp), so classifying starts fast.';
const patternsLayers = [
  restrict('patterns', {
    files: ['patterns/engine/**/*.ts'],
    extraPatterns: [{ group: ['../catalogue/*', '../checks/*', '../load-catalogue.js'], message: patternsEngineMessage }],
    extraPaths: ['zod', 'yaml', 'recheck', '@eslint-community/regexpp'].map((name) => ({ name, message: patternsEngineMessage })),
  }),
  restrict('patterns', {
    files: ['patterns/catalogue/**/*.ts'],
    extraPatterns: [
      {
        group: ['../checks/*', '../load-catalogue.js'],
        message: 'patterns/catalogue/ reads and validates packs; the checks (checks/) and the loader build on it, not the other way.',
      },
    ],
  }),
];

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
  ...modules.map((module) => restrict(module)),
  restrict('docker', { files: ['docker/engine/dockerode-client.ts'], allowedClients: ['dockerode'] }),
  restrict('git', { allowedClients: ['simple-git'] }),
  restrict('process', { allowedClients: ['execa'] }),
  restrict('core', { files: ['core/retry.ts'], allowedClients: ['p-retry'] }),
  restrict('core', { files: ['core/cron.ts'], allowedClients: ['croner'] }),
  restrict('cli', { files: ['cli/ci/junit-report.ts'], allowedClients: ['junit-report-builder'] }),
  restrict('history', { allowedClients: ['kysely'] }),
  restrict('history', { files: ['history/store/sqlite-dialect.ts'], allowedClients: ['kysely', 'libsql'] }),
  restrict('history', { files: ['history/store/postgres-dialect.ts'], allowedClients: ['kysely', 'pg'] }),
  restrict('metrics', { allowedClients: ['prom-client'] }),
  restrict('serve', { allowedClients: ['fastify', 'fastify-type-provider-zod', '@fastify/swagger'] }),
  ...patternsLayers,
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
