/**
 * Images: a service with `build` is built from its context (honouring .dockerignore, build args
 * and target); a failed build and an image that cannot be pulled fail at stage image with the
 * builder's or the engine's own words.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StackUpError } from '../../../docker/errors.js';
import type { ProjectModel } from '../../../docker/types.js';
import { BUSYBOX_IMAGE, testDocker } from '../../support/docker.js';
import { eventLog, forceRemoveProject, leftovers, plan, project, service, testStack } from './fixtures.js';

let context: string;
const created: ProjectModel[] = [];
const images: string[] = [];

beforeAll(async () => {
  context = await mkdtemp(join(tmpdir(), 'etl-cycle-build-'));
  await mkdir(join(context, 'sub'));
  await writeFile(join(context, 'hello.txt'), 'hello\n');
  await writeFile(join(context, 'secret.txt'), 'do not ship\n');
  await writeFile(join(context, 'sub', 'keep.txt'), 'keep\n');
  await writeFile(join(context, 'sub', 'debug.log'), 'noise\n');
  await writeFile(join(context, '.dockerignore'), 'secret.txt\n**/*.log\n');
  await writeFile(
    join(context, 'Dockerfile'),
    [
      `FROM ${BUSYBOX_IMAGE} AS app`,
      'ARG GREETING=none',
      'COPY . /ctx',
      'RUN echo "$GREETING" > /greeting',
      'CMD ["sleep", "300"]',
      '',
      `FROM ${BUSYBOX_IMAGE} AS broken-stage`,
      'RUN exit 1',
    ].join('\n'),
  );
  await writeFile(join(context, 'Failing.Dockerfile'), [`FROM ${BUSYBOX_IMAGE}`, 'RUN echo build-output-line && exit 3'].join('\n'));
});
afterAll(async () => {
  await rm(context, { recursive: true, force: true });
});
afterEach(async () => {
  for (const model of created.splice(0)) {
    await (await testStack(model)).down({ removeVolumes: true });
    expect(await leftovers(model.name)).toEqual({ containers: [], networks: [], volumes: [] });
    await forceRemoveProject(model.name);
  }
  for (const image of images.splice(0))
    await testDocker()
      .getImage(image)
      .remove({ force: true })
      .catch(() => undefined);
});

describe('images', () => {
  it('builds a service image from its context with args and target, leaving out what .dockerignore names', async () => {
    const model = project('build', []);
    const image = `etl-cycle-test/${model.name}:latest`;
    images.push(image);
    model.services.push(
      service('app', {
        image,
        command: undefined,
        build: { context, dockerfile: 'Dockerfile', args: { GREETING: 'hi there' }, target: 'app' },
      }),
    );
    created.push(model);
    const stack = await testStack(model);
    const { events, onEvent } = eventLog();
    await stack.up({ readiness: { app: plan({ type: 'none' }) }, onEvent });
    expect(events[0]).toMatchObject({ service: 'app', phase: 'building', detail: `building image ${image}` });

    const listing = await stack.exec('app', ['find', '/ctx', '-type', 'f']);
    expect(listing.output.trim().split('\n').sort()).toEqual([
      '/ctx/.dockerignore',
      '/ctx/Dockerfile',
      '/ctx/Failing.Dockerfile',
      '/ctx/hello.txt',
      '/ctx/sub/keep.txt',
    ]);
    expect((await stack.exec('app', ['cat', '/greeting'])).output).toBe('hi there\n');
  });

  it("a failing build fails at stage image with the builder's error text", async () => {
    const model = project('build-fail', []);
    const image = `etl-cycle-test/${model.name}:latest`;
    images.push(image);
    model.services.push(service('app', { image, build: { context, dockerfile: 'Failing.Dockerfile', args: {} } }));
    created.push(model);
    const error = await (await testStack(model)).up({ readiness: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StackUpError);
    expect(error).toMatchObject({ service: 'app', stage: 'image' });
    expect((error as StackUpError).detail).toBe("The command '/bin/sh -c echo build-output-line && exit 3' returned a non-zero code: 3");
  });

  it("an image that is neither local nor pullable fails at stage image with the engine's message", async () => {
    const image = `etl-cycle-test/not-here-${process.pid}:1`;
    // What the engine itself says to a pull of that image, to compare against.
    const direct = await testDocker()
      .pull(image)
      .then(
        () => '',
        (e: { message: string }) => e.message.replace(/^\(HTTP code \d+\) .*? - /s, '').trim(),
      );
    expect(direct).not.toBe('');
    const model = project('no-image', [service('app', { image })]);
    created.push(model);
    const { events, onEvent } = eventLog();
    const error = await (await testStack(model)).up({ readiness: {}, onEvent }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ service: 'app', stage: 'image', detail: direct });
    expect(events.map((e) => e.phase)).toEqual(['building', 'failed']);
    expect(await leftovers(model.name)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
