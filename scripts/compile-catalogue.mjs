// Part of `npm run build`: compiles the built-in pattern packs (patterns/packs/) into
// dist/patterns/builtin-catalogue.json, after every check `etl-cycle patterns check` runs, so
// classifying starts without reading YAML (patterns/checks/compile-catalogue.ts). A pack
// with a problem fails the build.
import { builtinPacksDir } from '../dist/patterns/catalogue/builtin-packs-dir.js';
import { writeCompiledCatalogue } from '../dist/patterns/checks/compile-catalogue.js';
import { formatPackProblem } from '../dist/patterns/catalogue/pack-problem.js';
import { COMPILED_CATALOGUE_URL } from '../dist/patterns/load-catalogue.js';
import { fileURLToPath } from 'node:url';

const started = performance.now();
const out = fileURLToPath(COMPILED_CATALOGUE_URL);
const { catalogue, problems } = await writeCompiledCatalogue(builtinPacksDir(), out);
if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`error: ${formatPackProblem(problem)}\n`);
  process.stderr.write(
    `compile-catalogue: ${problems.length} problem(s) in the built-in packs; fix them (etl-cycle patterns check lists them)\n`,
  );
  process.exitCode = 1;
} else {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`compile-catalogue: ${catalogue.patterns.length} patterns checked and compiled into ${out} (${seconds} s)\n`);
}
