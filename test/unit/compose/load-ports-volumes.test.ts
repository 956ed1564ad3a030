import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeError, loadService, loadYaml } from './project-dir.js';

describe('loadComposeProject: ports and expose', () => {
  it('reads short and long port syntax, and expose as unpublished ports', async () => {
    const service = await loadService(
      `
services:
  a:
    image: x
    ports:
      - "8080:80"
      - "127.0.0.1:5433:5432/udp"
      - "9000"
      - 3000
      - "8000-8001:8000-8001"
      - target: 443
        published: "8443"
        host_ip: 0.0.0.0
        protocol: tcp
        mode: host
      - target: 9090
    expose:
      - "3000"
      - 7000
      - "7100-7101/udp"
`,
      'a',
    );
    expect(service.ports).toEqual([
      { containerPort: 80, protocol: 'tcp', published: true, hostPort: 8080 },
      { containerPort: 5432, protocol: 'udp', published: true, hostPort: 5433, hostIp: '127.0.0.1' },
      { containerPort: 9000, protocol: 'tcp', published: true },
      { containerPort: 3000, protocol: 'tcp', published: true },
      { containerPort: 8000, protocol: 'tcp', published: true, hostPort: 8000 },
      { containerPort: 8001, protocol: 'tcp', published: true, hostPort: 8001 },
      { containerPort: 443, protocol: 'tcp', published: true, hostPort: 8443, hostIp: '0.0.0.0' },
      { containerPort: 9090, protocol: 'tcp', published: true },
      // expose 3000 is already published above, so it is not repeated
      { containerPort: 7000, protocol: 'tcp', published: false },
      { containerPort: 7100, protocol: 'udp', published: false },
      { containerPort: 7101, protocol: 'udp', published: false },
    ]);
  });

  it('names the entry, the value and the accepted forms for bad ports', async () => {
    const ports = (entries: string): string => `services:\n  a:\n    image: x\n    ports:\n      - "8080:80"\n${entries}`;
    expect((await composeError(ports('      - "80:abc"\n'))).message).toMatch(
      /compose\.yaml:6: services\.a\.ports\[1\]: "80:abc": container port "abc" is not a port number .*; expected "\[HOST_IP:\]\[HOST_PORT:\]CONTAINER_PORT\[\/PROTOCOL\]" such as "8080:80"/,
    );
    expect((await composeError(ports('      - "8080:80/sctp"\n'))).message).toMatch(
      /services\.a\.ports\[1\]: "8080:80\/sctp": protocol "sctp" is not supported; use tcp or udp/,
    );
    expect((await composeError(ports('      - target: 0\n'))).message).toMatch(
      /compose\.yaml:6: services\.a\.ports\[1\]\.target: expected a whole number from 1 to 65535, got 0/,
    );
    expect((await composeError(ports('      - published: 80\n'))).message).toMatch(
      /services\.a\.ports\[1\]: target \(the container port\) is required/,
    );
    expect((await composeError(ports('      - { target: 80, published: "8000-8010" }\n'))).message).toMatch(
      /services\.a\.ports\[1\]\.published: "8000-8010": a host port range for a single container port is not supported/,
    );
    expect((await composeError(ports('      - { target: 80, host_ip: localhost }\n'))).message).toMatch(
      /services\.a\.ports\[1\]\.host_ip: "localhost" is not an IP address/,
    );
    expect((await composeError(ports('      - { target: 80, protcol: udp }\n'))).message).toMatch(
      /services\.a\.ports\[1\]\.protcol: unknown Compose key "protcol"; did you mean "protocol"\?/,
    );
    expect((await composeError(ports('      - [80]\n'))).message).toMatch(/services\.a\.ports\[1\]: \[80\] is not a port mapping/);
    expect((await composeError('services:\n  a:\n    image: x\n    ports: "80:80"\n')).message).toMatch(
      /compose\.yaml:4: services\.a\.ports: expected a list, got "80:80"/,
    );
    expect((await composeError('services:\n  a:\n    image: x\n    expose: ["80:80"]\n')).message).toMatch(
      /services\.a\.expose\[0\]: "80:80": .*expected a container port such as 3000/,
    );
  });
});

describe('loadComposeProject: volumes', () => {
  it('reads short syntax: named, relative, absolute, home, anonymous, with modes', async () => {
    const { project, dir } = await loadYaml(`
services:
  a:
    image: x
    volumes:
      - pgdata:/var/lib/postgresql/data
      - ./init:/docker-entrypoint-initdb.d:ro
      - ../shared/sql:/sql:ro,z
      - /etc/localtime:/etc/localtime:ro
      - ~/.aws:/root/.aws:rw
      - /scratch
      - logs:/logs:nocopy
volumes:
  pgdata:
  logs:
    name: shared-logs
  unused:
`);
    expect(project.services[0]!.volumes).toEqual([
      { type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data', readOnly: false },
      { type: 'bind', source: join(dir, 'init'), target: '/docker-entrypoint-initdb.d', readOnly: true },
      { type: 'bind', source: join(dir, '../shared/sql'), target: '/sql', readOnly: true },
      { type: 'bind', source: '/etc/localtime', target: '/etc/localtime', readOnly: true },
      { type: 'bind', source: join(homedir(), '.aws'), target: '/root/.aws', readOnly: false },
      { type: 'volume', target: '/scratch', readOnly: false },
      { type: 'volume', source: 'logs', target: '/logs', readOnly: false },
    ]);
    expect(project.volumes).toEqual([
      { key: 'pgdata', name: 'etl-stack_pgdata', external: false, labels: {} },
      { key: 'logs', name: 'shared-logs', external: false, labels: {} },
    ]);
  });

  it('reads long syntax and tmpfs', async () => {
    const { project, dir } = await loadYaml(`
services:
  a:
    image: x
    volumes:
      - type: volume
        source: data
        target: /data
        read_only: true
        volume: { nocopy: true }
      - type: bind
        source: ./conf
        target: /etc/app
        bind: { create_host_path: true }
      - type: tmpfs
        target: /cache
        tmpfs: { size: 1000000 }
      - type: volume
        target: /anon
    tmpfs:
      - /run
      - /tmp:size=64m
volumes:
  data:
    external: true
`);
    expect(project.services[0]!.volumes).toEqual([
      { type: 'volume', source: 'data', target: '/data', readOnly: true },
      { type: 'bind', source: join(dir, 'conf'), target: '/etc/app', readOnly: false },
      { type: 'tmpfs', target: '/cache', readOnly: false },
      { type: 'volume', target: '/anon', readOnly: false },
      { type: 'tmpfs', target: '/run', readOnly: false },
      { type: 'tmpfs', target: '/tmp', readOnly: false },
    ]);
    expect(project.volumes).toEqual([{ key: 'data', name: 'data', external: true, labels: {} }]);
    const tmpfsAlone = await loadService('services:\n  a:\n    image: x\n    tmpfs: /run\n', 'a');
    expect(tmpfsAlone.volumes).toEqual([{ type: 'tmpfs', target: '/run', readOnly: false }]);
  });

  it('warns about mount options it ignores', async () => {
    const { warnings } = await loadYaml(`
services:
  a:
    image: x
    volumes:
      - ./x:/x:ro,delegated,weird
      - type: bind
        source: .
        target: /src
        bind: { propagation: rshared }
    tmpfs: ["/tmp:size=64m"]
`);
    expect(warnings).toEqual([
      expect.stringMatching(
        /compose\.yaml:6: "\.\/x:\/x:ro,delegated,weird": volume option "weird" is not supported by etl-cycle and is ignored$/,
      ),
      expect.stringMatching(/compose\.yaml:10: services\.a\.volumes\[1\]\.bind is not supported by etl-cycle and is ignored$/),
      expect.stringMatching(
        /compose\.yaml:11: "\/tmp:size=64m": tmpfs options \(size=64m\) are not supported by etl-cycle and are ignored$/,
      ),
    ]);
  });

  it('reads top-level volume settings, including the legacy external form and driver_opts', async () => {
    const { project, warnings } = await loadYaml(`
services:
  a:
    image: x
    volumes: [bound:/b, old:/o, labelled:/l]
volumes:
  bound:
    driver: local
    driver_opts: { type: none, o: bind, device: /srv/data }
  old:
    external:
      name: legacy-volume
  labelled:
    labels:
      com.acme.keep: "true"
`);
    expect(project.volumes).toEqual([
      {
        key: 'bound',
        name: 'etl-stack_bound',
        external: false,
        driver: 'local',
        labels: {},
        driverOpts: { type: 'none', o: 'bind', device: '/srv/data' },
      },
      { key: 'old', name: 'legacy-volume', external: true, labels: {} },
      { key: 'labelled', name: 'etl-stack_labelled', external: false, labels: { 'com.acme.keep': 'true' } },
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(/compose\.yaml:11: volumes\.old\.external\.name is deprecated; write external: true and name: instead$/),
    ]);
  });

  it('fails on undeclared named volumes, relative targets, duplicates and unknown types', async () => {
    const volumes = (entries: string, tail = ''): string => `services:\n  db:\n    image: x\n    volumes:\n${entries}${tail}`;
    expect((await composeError(volumes('      - pgdata:/var/lib/postgresql/data\n'))).message).toMatch(
      /compose\.yaml:5: services\.db\.volumes\[0\]: named volume "pgdata" is not declared; add it under the top-level volumes: \(volumes: \{ pgdata: \{\} \}\), or write \.\/pgdata for a folder/,
    );
    expect((await composeError(volumes('      - { type: volume, source: cache, target: /c }\n'))).message).toMatch(
      /services\.db\.volumes\[0\]\.source: named volume "cache" is not declared/,
    );
    expect((await composeError(volumes('      - ./data:data\n'))).message).toMatch(
      /services\.db\.volumes\[0\]: container path "data" must be absolute/,
    );
    expect((await composeError(volumes('      - ./a:/x\n      - ./b:/x\n'))).message).toMatch(
      /compose\.yaml:6: services\.db\.volumes\[1\]: \/x is mounted twice in this service/,
    );
    expect((await composeError(volumes('      - a:/b:ro:extra\n'))).message).toMatch(
      /services\.db\.volumes\[0\]: "a:\/b:ro:extra" has too many ":"/,
    );
    expect((await composeError(volumes('      - { type: nfs, target: /x }\n'))).message).toMatch(
      /services\.db\.volumes\[0\]\.type: unknown volume type "nfs"; expected volume, bind or tmpfs/,
    );
    expect((await composeError(volumes('      - { type: npipe, source: x, target: /x }\n'))).message).toMatch(
      /volume type "npipe" is not supported by etl-cycle/,
    );
    expect((await composeError(volumes('      - { source: ./x, target: /x }\n'))).message).toMatch(
      /services\.db\.volumes\[0\]: type is required in the long volume syntax/,
    );
    expect((await composeError(volumes('      - { type: bind, target: /x }\n'))).message).toMatch(
      /services\.db\.volumes\[0\]\.source: a bind mount needs source/,
    );
    expect((await composeError(volumes('      - { type: tmpfs, source: x, target: /x }\n'))).message).toMatch(
      /a tmpfs mount has no source/,
    );
    expect(
      (await composeError(volumes('      - { type: volume, source: v, target: /x, volume: { subpath: a } }\n', 'volumes:\n  v:\n')))
        .message,
    ).toMatch(/services\.db\.volumes\[0\]\.volume\.subpath: not supported/);
    expect((await composeError(volumes('      - { type: bind, source: ., target: /x, read_only: sometimes }\n'))).message).toMatch(
      /services\.db\.volumes\[0\]\.read_only: expected true or false, got "sometimes"/,
    );
  });

  it('rejects volumes_from, which would change what is mounted', async () => {
    const error = await composeError('services:\n  a:\n    image: x\n  b:\n    image: x\n    volumes_from: [a]\n');
    expect(error.message).toMatch(
      /compose\.yaml:6: services\.b\.volumes_from: not supported: .*mount the same named volumes in both services/,
    );
  });
});
