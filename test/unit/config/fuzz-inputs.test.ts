/**
 * Fuzz: hundreds of malformed etl-cycle.yaml and compose.yaml documents (seeded, so a failure
 * reproduces) through the same entry every command uses (openProject). Whatever the input, it
 * is either a valid project or a usage error: exit code 2, one line naming the file, no stack
 * trace, no warning printed on the side — never an internal error, a hang or a crash.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEtlCycleError } from '../../../core/errors.js';
import { openProject } from '../../../project/open-project.js';
import { generateMalformedDocuments, MUTATIONS } from '../../support/malformed-documents.js';
import type { MalformedDocument } from '../../support/malformed-documents.js';

const CASES_PER_KIND = 260;
const SEED = 17;
const VALID_CONFIG = 'orchestrator:\n  command: [echo, ok]\ngit:\n  mode: "off"\n';

let dir: string;
const warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'etl-cycle-fuzz-'));
  process.on('warning', onWarning);
});
afterAll(async () => {
  process.off('warning', onWarning);
  await rm(dir, { recursive: true, force: true });
});

interface Outcome {
  valid: boolean;
  problem?: string;
}

async function load(kind: 'config' | 'compose', doc: MalformedDocument): Promise<Outcome> {
  const config = kind === 'config' ? doc.bytes : Buffer.from(VALID_CONFIG);
  await writeFile(join(dir, 'etl-cycle.yaml'), config);
  if (kind === 'compose') await writeFile(join(dir, 'compose.yaml'), doc.bytes);
  else await rm(join(dir, 'compose.yaml'), { force: true });
  try {
    await openProject({ cwd: dir, onWarning: () => undefined });
    return { valid: true };
  } catch (error) {
    const file = kind === 'config' ? 'etl-cycle.yaml' : /compose\.yaml|\.env/;
    if (!isEtlCycleError(error)) return { valid: false, problem: `not a usage error: ${String(error)}` };
    if (error.exitCode !== 2) return { valid: false, problem: `exit ${error.exitCode}: ${error.message}` };
    if (/[\r\n\u2028\u2029]/.test(error.message)) return { valid: false, problem: `more than one line: ${JSON.stringify(error.message)}` };
    if (error.hint) return { valid: false, problem: `a second line (hint): ${error.hint}` };
    if (!(typeof file === 'string' ? error.message.includes(file) : file.test(error.message))) {
      return { valid: false, problem: `does not name the file: ${error.message}` };
    }
    if (/\n\s+at |\.ts:\d+:\d+|\.js:\d+:\d+/.test(error.message)) return { valid: false, problem: `stack trace: ${error.message}` };
    if (error.message.length > 600) return { valid: false, problem: `too long a line (${error.message.length} characters)` };
    return { valid: false };
  }
}

describe.each(['config', 'compose'] as const)('malformed %s documents', (kind) => {
  it(`${CASES_PER_KIND} seeded cases across ${MUTATIONS.length} kinds of damage: valid, or exit 2 with one line`, async () => {
    const docs = generateMalformedDocuments(kind, CASES_PER_KIND, SEED + (kind === 'compose' ? 1 : 0));
    const problems: string[] = [];
    let refused = 0;
    for (const [index, doc] of docs.entries()) {
      const outcome = await load(kind, doc);
      if (outcome.problem) problems.push(`#${index} ${doc.mutation}: ${outcome.problem}`);
      if (!outcome.valid) refused += 1;
    }
    expect(problems).toEqual([]);
    expect(warnings.map((w) => w.message)).toEqual([]);
    // The generator breaks documents: most must be refused (else it generates nothing of interest).
    expect(refused).toBeGreaterThan(CASES_PER_KIND * 0.6);
  });
});
