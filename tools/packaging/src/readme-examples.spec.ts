/**
 * Each publishable package's README shows its `examples/*.ts` verbatim (the packaging test
 * compiles and runs those files against the installed tarballs). Fix a difference with
 * `npm run readme:examples`, which copies the files into the READMEs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { publishablePackages } from './publishable-packages';
import { readmeExampleProblems, readmeExamples, withExamples } from './readme-examples';

describe('README examples', () => {
  test.each(publishablePackages().map((pkg) => [pkg.name, pkg.dir]))('%s: the README shows every example file as it is', (_name, dir) => {
    expect(readmeExampleProblems(dir)).toEqual([]);
  });

  test('a marked block is found, and rewritten from its file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-readme-'));
    try {
      fs.mkdirSync(path.join(dir, 'examples'));
      fs.writeFileSync(path.join(dir, 'examples/a.ts'), 'now();\n');
      const readme = 'Intro\n\n<!-- example: examples/a.ts -->\n```ts\nold();\n```\n\nOutro\n';
      expect(readmeExamples(readme)).toEqual([{ file: 'examples/a.ts', shown: 'old();\n' }]);
      fs.writeFileSync(path.join(dir, 'README.md'), readme);
      expect(readmeExampleProblems(dir)).toEqual(["README.md's block of examples/a.ts differs from the file"]);
      expect(withExamples(readme, dir)).toBe('Intro\n\n<!-- example: examples/a.ts -->\n```ts\nnow();\n```\n\nOutro\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
