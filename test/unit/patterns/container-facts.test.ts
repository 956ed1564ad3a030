import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ContainerFacts } from '../../../patterns/types.js';
import { catalogueOf } from './helpers.js';

const MINI_FILE = fileURLToPath(new URL('./fixtures/mini.yaml', import.meta.url));
const catalogue = catalogueOf({ file: MINI_FILE, yaml: await readFile(MINI_FILE, 'utf8') });

const facts = (service: string, more: Partial<ContainerFacts>): ContainerFacts => ({
  service,
  exitCode: null,
  oomKilled: false,
  running: true,
  ...more,
});

function withFacts(list: ContainerFacts[], output = '') {
  const classifier = catalogue.createClassifier();
  if (output) classifier.write('orchestrator', output);
  for (const f of list) classifier.addContainerFacts(f);
  classifier.end('orchestrator');
  return classifier.result({ failed: true });
}

describe('container facts', () => {
  it('exit 137 with OOMKilled is out_of_memory even with no output, naming the service', () => {
    const result = withFacts([facts('loader', { exitCode: 137, oomKilled: true, running: false })]);
    expect(result.primary).toBe('out_of_memory');
    expect(result.primaryMatch).toMatchObject({
      pattern: 'engine.oom_killed',
      source: 'engine',
      line: 1,
      captures: { service: 'loader', status: '137' },
    });
    expect(result.primaryMatch?.hint).toContain('"loader"');
  });

  it('an OOM kill is the root cause of what the orchestrator printed after it, whenever the fact arrives', () => {
    const output = 'psycopg2.OperationalError: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused\n';
    const result = withFacts([facts('db', { exitCode: 137, oomKilled: true, running: false })], output);
    expect(result.primary).toBe('out_of_memory');
    expect(result.matches.map((m) => m.pattern)).toEqual(['engine.oom_killed', 'mini.connection_refused']);
  });

  it.each([
    [139, 'engine.segfault', 'SIGSEGV'],
    [134, 'engine.abort', 'SIGABRT'],
    [137, 'engine.killed', 'SIGKILL'],
    [135, 'engine.fatal_signal', 'SIGBUS'],
  ])('exit %i without OOMKilled is a crash (%s)', (exitCode, pattern, signal) => {
    const result = withFacts([facts('worker', { exitCode, running: false })]);
    expect(result.primary).toBe('crash');
    expect(result.primaryMatch).toMatchObject({ pattern, captures: { service: 'worker', signal, status: String(exitCode) } });
  });

  it.each([0, 1, 2, 130, 143])('exit %i says nothing by itself', (exitCode) => {
    expect(withFacts([facts('worker', { exitCode, running: false })])).toEqual({ primary: 'unknown', matches: [] });
  });

  it('unhealthy is a weak service_starting: it decides only when nothing else matched', () => {
    const alone = withFacts([facts('db', { health: 'unhealthy' })]);
    expect(alone.primary).toBe('service_starting');
    expect(alone.primaryMatch).toMatchObject({ pattern: 'engine.unhealthy', captures: { service: 'db' } });
    const explained = withFacts([facts('db', { health: 'unhealthy' })], 'ERROR:  relation "staging" does not exist\n');
    expect(explained.primary).toBe('missing_table');
  });

  it('the same fact reported twice counts once; healthy and running containers add nothing', () => {
    const oom = facts('loader', { exitCode: 137, oomKilled: true, running: false });
    const result = withFacts([oom, oom, facts('db', { health: 'healthy' }), facts('web', { health: 'starting' })]);
    expect(result.matches).toHaveLength(1);
  });

  it('a run that did not fail has no class, facts or not', () => {
    const classifier = catalogue.createClassifier();
    classifier.addContainerFacts(facts('loader', { exitCode: 139, running: false }));
    expect(classifier.result({ failed: false }).primary).toBeNull();
  });
});
