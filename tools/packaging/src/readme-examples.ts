/**
 * A package's README shows its examples verbatim from `examples/*.ts`, the files the packaging
 * test compiles and runs against the installed tarballs. In the README each example is a fenced
 * block right after a marker naming its file:
 *
 *   <!-- example: examples/family-journey.ts -->
 *   ```ts
 *   …the file's text…
 *   ```
 *
 *   node tools/packaging/dist/readme-examples.js          fails when a README differs from its files
 *   node tools/packaging/dist/readme-examples.js --write  copies the files into the READMEs
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { publishablePackages } from './publishable-packages';

const MARKED_BLOCK = /<!-- example: (\S+) -->\n```ts\n([\s\S]*?)```/g;

export interface ReadmeExample {
  /** Path relative to the package, e.g. `examples/family-journey.ts`. */
  readonly file: string;
  readonly shown: string;
}

export function readmeExamples(readme: string): ReadmeExample[] {
  return [...readme.matchAll(MARKED_BLOCK)].map((match) => ({ file: match[1], shown: match[2] }));
}

export function exampleFiles(packageDir: string): string[] {
  const dir = path.join(packageDir, 'examples');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => `examples/${name}`);
}

/** The README with every marked block replaced by its file's current text. */
export function withExamples(readme: string, packageDir: string): string {
  return readme.replace(MARKED_BLOCK, (_block, file: string) => `<!-- example: ${file} -->\n\`\`\`ts\n${fs.readFileSync(path.join(packageDir, file), 'utf8')}\`\`\``);
}

/** What is wrong with a package's README examples: a block that differs, a file not shown, a missing file. */
export function readmeExampleProblems(packageDir: string): string[] {
  const readmeFile = path.join(packageDir, 'README.md');
  const readme = fs.readFileSync(readmeFile, 'utf8');
  const shown = readmeExamples(readme);
  const problems: string[] = [];
  for (const example of shown) {
    const file = path.join(packageDir, example.file);
    if (!fs.existsSync(file)) problems.push(`README.md shows ${example.file}, which does not exist`);
    else if (fs.readFileSync(file, 'utf8') !== example.shown) problems.push(`README.md's block of ${example.file} differs from the file`);
  }
  for (const file of exampleFiles(packageDir)) {
    if (!shown.some((example) => example.file === file)) problems.push(`${file} is not shown in README.md (add "<!-- example: ${file} -->" before a ts block)`);
  }
  if (exampleFiles(packageDir).length === 0) problems.push('no examples/*.ts: the README has no compiled embedding example');
  return problems;
}

function main(argv: readonly string[]): number {
  let failed = false;
  for (const pkg of publishablePackages()) {
    if (argv.includes('--write')) {
      const file = path.join(pkg.dir, 'README.md');
      fs.writeFileSync(file, withExamples(fs.readFileSync(file, 'utf8'), pkg.dir));
    }
    for (const problem of readmeExampleProblems(pkg.dir)) {
      failed = true;
      console.error(`${pkg.name}: ${problem}`);
    }
  }
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
