import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../core/errors.js';
import { loadComposeProject } from '../../../docker/compose/load-compose-project.js';
import { composeError, loadYaml, projectDir } from './project-dir.js';

describe('loadComposeProject: invalid files', () => {
  it('reports invalid YAML with the parser line and column', async () => {
    const error = await composeError('services:\n  db:\n    image: postgres\n   ports: [1]\n');
    expect(error.message).toMatch(/\/compose\.yaml:4:1: invalid YAML: /);
    const unclosed = await composeError('services:\n  db:\n    image: "postgres\n');
    expect(unclosed.message).toMatch(/\/compose\.yaml:\d+:\d+: invalid YAML: Missing closing "quote$/);
  });

  it('reports duplicate keys', async () => {
    const error = await composeError('services:\n  db:\n    image: a\n    image: b\n');
    expect(error.message).toMatch(/\/compose\.yaml:4:5: invalid YAML: Map keys must be unique/);
  });

  it('reports a missing file, an empty file and a non-mapping document', async () => {
    const dir = await projectDir({ 'empty.yaml': '# nothing\n', 'list.yaml': '- a\n- b\n' });
    await expect(loadComposeProject({ file: join(dir, 'nope.yaml'), env: {} })).rejects.toThrow(
      new ComposeError(`${join(dir, 'nope.yaml')}: cannot read the Compose file (ENOENT)`),
    );
    await expect(loadComposeProject({ file: join(dir, 'empty.yaml'), env: {} })).rejects.toThrow(
      `${join(dir, 'empty.yaml')}: the file is empty; define your stack under services:`,
    );
    await expect(loadComposeProject({ file: join(dir, 'list.yaml'), env: {} })).rejects.toThrow(
      `${join(dir, 'list.yaml')}: expected a mapping at the top level (services:, volumes:, ...), got a list`,
    );
  });

  it('requires at least one service', async () => {
    expect((await composeError('name: x\n')).message).toMatch(
      /compose\.yaml: services: no services are defined; add at least one under services:$/,
    );
    expect((await composeError('services: {}\n')).message).toMatch(/compose\.yaml:1: services: no services are defined/);
    expect((await composeError('services: [db]\n')).message).toMatch(
      /compose\.yaml:1: services: expected a mapping of service names to their settings, got \["db"\]/,
    );
    expect((await composeError('services:\n  db: postgres\n')).message).toMatch(
      /compose\.yaml:2: services\.db: expected a mapping of service settings \(image:, ports:, \.\.\.\), got "postgres"/,
    );
    expect((await composeError('services:\n  "db one":\n    image: x\n')).message).toMatch(
      /compose\.yaml:2: services\.db one: service name "db one" may only hold letters, digits/,
    );
  });

  it('fails on keys that are not Compose, suggesting the closest one', async () => {
    expect((await composeError('services:\n  db:\n    image: x\n    enviroment: { A: 1 }\n')).message).toMatch(
      /compose\.yaml:4: services\.db\.enviroment: unknown Compose key "enviroment"; did you mean "environment"\?$/,
    );
    expect((await composeError('servics:\n  db:\n    image: x\n')).message).toMatch(
      /compose\.yaml:1: servics: unknown Compose key "servics"; did you mean "services"\?$/,
    );
    expect((await composeError('services:\n  db:\n    image: x\nvolumes:\n  d:\n    drivr: local\n')).message).toMatch(
      /compose\.yaml:6: volumes\.d\.drivr: unknown Compose key "drivr"; did you mean "driver"\?$/,
    );
    expect((await composeError('services:\n  db:\n    image: x\n    zzzzzzzz: 1\n')).message).toMatch(
      /unknown Compose key "zzzzzzzz"; expected one of image, build, /,
    );
  });

  it('fails on settings whose absence would change the stack, saying what to do', async () => {
    const cases: [string, RegExp][] = [
      [
        '    extends: { service: base }\n',
        /compose\.yaml:4: services\.a\.extends: not supported: etl-cycle does not resolve extends; copy the inherited settings into the service$/,
      ],
      [
        '    secrets: [db_password]\n',
        /services\.a\.secrets: not supported: etl-cycle does not mount secrets; pass the value through environment or bind-mount the file with volumes$/,
      ],
      ['    configs: [app_config]\n', /services\.a\.configs: not supported: etl-cycle does not mount configs/],
      ['    network_mode: host\n', /services\.a\.network_mode: not supported: etl-cycle connects services through Compose networks only/],
      ['    post_start: [{ command: ./init }]\n', /services\.a\.post_start: not supported: etl-cycle does not run lifecycle hooks/],
    ];
    for (const [line, expected] of cases) expect((await composeError(`services:\n  a:\n    image: x\n${line}`)).message).toMatch(expected);
    expect((await composeError('include:\n  - other.yaml\nservices:\n  a:\n    image: x\n')).message).toMatch(
      /compose\.yaml:1: include: not supported: etl-cycle reads a single Compose file; copy the included services into it$/,
    );
  });

  it('reports a type error with the field, the value and what is expected', async () => {
    expect((await composeError('services:\n  a:\n    image: x\n    environment: "A=1"\n')).message).toMatch(
      /compose\.yaml:4: services\.a\.environment: expected a mapping or a list of "KEY=VALUE" strings, got "A=1"$/,
    );
    expect((await composeError('services:\n  a:\n    image: x\n    environment:\n      - "=nokey"\n')).message).toMatch(
      /compose\.yaml:5: services\.a\.environment\[0\]: expected "KEY=VALUE", got "=nokey"$/,
    );
    expect((await composeError('services:\n  a:\n    image: x\n    environment:\n      NESTED: { a: 1 }\n')).message).toMatch(
      /compose\.yaml:5: services\.a\.environment\.NESTED: expected a string, number or boolean, got \{"a":1\}$/,
    );
    expect((await composeError('services:\n  a:\n    image: x\nnetworks:\n  n:\n    external: maybe\n')).message).toMatch(
      /compose\.yaml:6: networks\.n\.external: expected true or false, got "maybe"$/,
    );
  });

  it('finds lines through anchors and merge keys', async () => {
    const error = await composeError(`
x-common: &common
  restart: always
  mem_limit: lots
services:
  a:
    <<: *common
    image: x
`);
    // The bad value sits in the anchored block, so that is the line to fix.
    expect(error.message).toMatch(/compose\.yaml:4: services\.a\.mem_limit: "lots" is not a memory size/);
  });
});

describe('loadComposeProject: warnings', () => {
  it('warns about ignored keys, each once, with file and line', async () => {
    const { warnings } = await loadYaml(`
version: "3.9"
services:
  db:
    image: postgres:15
    logging:
      driver: json-file
    shm_size: 256m
    cap_add: [SYS_NICE]
    x-custom: ignored silently
    networks:
      default:
        ipv4_address: 172.20.0.5
networks:
  default:
    ipam: { config: [{ subnet: 172.20.0.0/16 }] }
secrets:
  unused: { file: ./s.txt }
x-anchors:
  anything: [1, 2]
`);
    expect(warnings).toEqual([
      expect.stringMatching(/compose\.yaml:2: version is obsolete in the Compose Specification and is ignored; remove it$/),
      expect.stringMatching(/compose\.yaml:17: secrets is not supported by etl-cycle and is ignored$/),
      expect.stringMatching(/compose\.yaml:16: networks\.default\.ipam is not supported by etl-cycle and is ignored$/),
      expect.stringMatching(/compose\.yaml:6: services\.db\.logging is not supported by etl-cycle and is ignored$/),
      expect.stringMatching(/compose\.yaml:8: services\.db\.shm_size is not supported by etl-cycle and is ignored$/),
      expect.stringMatching(/compose\.yaml:9: services\.db\.cap_add is not supported by etl-cycle and is ignored$/),
      expect.stringMatching(
        /compose\.yaml:13: services\.db\.networks\.default\.ipv4_address is not supported by etl-cycle and is ignored$/,
      ),
    ]);
  });

  it('accepts plain legacy links with a warning and refuses link aliases', async () => {
    const { warnings } = await loadYaml('services:\n  db:\n    image: x\n  app:\n    image: x\n    links: [db, "db:db"]\n');
    expect(warnings).toEqual([
      expect.stringMatching(
        /compose\.yaml:6: services\.app\.links is legacy and ignored: services reach each other by name on their networks$/,
      ),
    ]);
    const error = await composeError('services:\n  db:\n    image: x\n  app:\n    image: x\n    links:\n      - db:database\n');
    expect(error.message).toMatch(
      /compose\.yaml:7: services\.app\.links\[0\]: link alias "db:database" is not supported by etl-cycle; give service db the alias with networks: \{ default: \{ aliases: \[database\] \} \}$/,
    );
  });

  it('uses a declared default network instead of <project>_default', async () => {
    const { project } = await loadYaml('services:\n  a:\n    image: x\nnetworks:\n  default:\n    name: shared-net\n    external: true\n');
    expect(project.networks).toEqual([{ key: 'default', name: 'shared-net', external: true, labels: {} }]);
  });

  it('warns about settings that do nothing on external resources', async () => {
    const { warnings } = await loadYaml(
      'services:\n  a:\n    image: x\n    networks: [n]\nnetworks:\n  n:\n    external: true\n    driver: overlay\n',
    );
    expect(warnings).toEqual([
      expect.stringMatching(/compose\.yaml:8: networks\.n\.driver has no effect on an external network and is ignored$/),
    ]);
  });
});
