/**
 * `etl-cycle init`'s guess at the command that runs the project's ETL, from what the folder
 * holds, in the order teams usually wire it: a Makefile target, a package.json script, then an
 * entry script (Python, Node, shell) at the top or in etl/, scripts/ or src/. The guess says
 * where it came from, so the generated etl-cycle.yaml can say it in a comment.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface OrchestratorGuess {
  command: string[];
  /** Why this command: "Makefile target etl", "package.json script etl", "etl/run.py". */
  source: string;
}

/** Target and script names that mean "run the pipeline", best first. */
const TASK_NAMES = ['etl', 'pipeline', 'run-etl', 'run_etl', 'etl:run', 'run', 'load', 'ingest', 'orchestrate'];
const SCRIPT_FOLDERS = ['.', 'etl', 'scripts', 'src', 'pipeline', 'bin'];
/** Entry-script base names, best first (a `run-etl.mjs` counts as `run`). */
const SCRIPT_STEMS = ['run', 'main', 'etl', 'pipeline', 'orchestrate', 'load', 'ingest'];
const RUNNERS: Record<string, string[]> = {
  '.py': ['python3'],
  '.mjs': ['node'],
  '.js': ['node'],
  '.cjs': ['node'],
  '.ts': ['npx', 'tsx'],
  '.sh': ['sh'],
};

export async function guessOrchestrator(dir: string): Promise<OrchestratorGuess | undefined> {
  return (await fromMakefile(dir)) ?? (await fromPackageJson(dir)) ?? (await fromEntryScript(dir));
}

async function fromMakefile(dir: string): Promise<OrchestratorGuess | undefined> {
  for (const name of ['Makefile', 'makefile', 'GNUmakefile']) {
    const text = await readText(join(dir, name));
    if (text === undefined) continue;
    const targets = new Set([...text.matchAll(/^([A-Za-z0-9_.:-]+?)\s*:(?!=)/gm)].map((m) => m[1]!));
    const target = TASK_NAMES.find((t) => targets.has(t));
    if (target) return { command: ['make', target], source: `${name} target ${target}` };
  }
  return undefined;
}

async function fromPackageJson(dir: string): Promise<OrchestratorGuess | undefined> {
  const text = await readText(join(dir, 'package.json'));
  if (text === undefined) return undefined;
  let scripts: Record<string, unknown> = {};
  try {
    scripts = ((JSON.parse(text) as { scripts?: Record<string, unknown> }).scripts ?? {}) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const script = TASK_NAMES.find((name) => typeof scripts[name] === 'string');
  return script ? { command: ['npm', 'run', script], source: `package.json script ${script}` } : undefined;
}

async function fromEntryScript(dir: string): Promise<OrchestratorGuess | undefined> {
  for (const folder of SCRIPT_FOLDERS) {
    const names = await readdir(join(dir, folder)).catch(() => [] as string[]);
    const candidates = names
      .map((name) => ({ name, ext: name.slice(name.lastIndexOf('.')), stem: name.slice(0, name.lastIndexOf('.')).toLowerCase() }))
      .filter((c) => c.ext in RUNNERS && c.stem.length > 0)
      .map((c) => ({
        ...c,
        rank: SCRIPT_STEMS.findIndex((stem) => c.stem === stem || c.stem.startsWith(`${stem}-`) || c.stem.startsWith(`${stem}_`)),
      }))
      .filter((c) => c.rank >= 0)
      .sort((a, b) => a.rank - b.rank || a.name.length - b.name.length || a.name.localeCompare(b.name));
    const best = candidates[0];
    if (best) {
      const path = folder === '.' ? best.name : `${folder}/${best.name}`;
      return { command: [...RUNNERS[best.ext]!, path], source: path };
    }
  }
  return undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
