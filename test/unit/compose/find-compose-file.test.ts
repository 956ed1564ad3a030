import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findComposeFile, locateComposeFile } from '../../../docker/compose/find-compose-file.js';
import { projectDir } from './project-dir.js';

const minimal = 'services:\n  a:\n    image: x\n';

describe('findComposeFile', () => {
  it('finds each supported name', async () => {
    for (const name of ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml']) {
      const dir = await projectDir({ [name]: minimal });
      expect(await findComposeFile(dir)).toBe(join(dir, name));
      expect((await locateComposeFile(dir)).warnings).toEqual([]);
    }
  });

  it('returns undefined for a folder without one', async () => {
    const dir = await projectDir({ 'compose.yaml.bak': minimal, 'docker-compose.txt': minimal });
    expect(await findComposeFile(dir)).toBeUndefined();
    expect(await locateComposeFile(dir)).toEqual({ file: undefined, warnings: [] });
  });

  it('refuses a directory named like a Compose file instead of taking it for an empty stack', async () => {
    const dir = await projectDir({});
    await mkdir(join(dir, 'compose.yml'));
    await expect(locateComposeFile(dir)).rejects.toThrow(/compose\.yml: is a directory, not a Compose file/);
  });

  it('uses the first by Compose order when several exist, and says so', async () => {
    const dir = await projectDir({ 'docker-compose.yml': minimal, 'compose.yml': minimal, 'docker-compose.yaml': minimal });
    const lookup = await locateComposeFile(dir);
    expect(lookup.file).toBe(join(dir, 'compose.yml'));
    expect(lookup.warnings).toEqual([
      `found several Compose files in ${dir}: ${join(dir, 'compose.yml')}, ${join(dir, 'docker-compose.yaml')}, ${join(dir, 'docker-compose.yml')}; using ${join(dir, 'compose.yml')} (remove the others or name the file explicitly)`,
    ]);
  });

  it('warns that an override file next to it is not read', async () => {
    const dir = await projectDir({ 'docker-compose.yml': minimal, 'docker-compose.override.yml': minimal });
    const lookup = await locateComposeFile(dir);
    expect(lookup.file).toBe(join(dir, 'docker-compose.yml'));
    expect(lookup.warnings).toEqual([
      `${join(dir, 'docker-compose.override.yml')} is not read by etl-cycle (only ${join(dir, 'docker-compose.yml')} is); merge its settings into ${join(dir, 'docker-compose.yml')} if the stack needs them`,
    ]);
  });

  it('returns absolute paths for a relative folder', async () => {
    const dir = await projectDir({ 'compose.yaml': minimal });
    const relativeDir = relative(process.cwd(), dir);
    expect(relativeDir.startsWith('/')).toBe(false);
    expect(await findComposeFile(relativeDir)).toBe(join(dir, 'compose.yaml'));
  });
});
