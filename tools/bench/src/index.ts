/**
 * `npm run bench`: runs every `*.bench.js` module beside this file, in name order, and prints
 * each figure beside the baseline measured in the same run (these machines are noisy: compare
 * ratios, not absolute numbers). `npm run bench -- sqlite` runs the modules whose name contains
 * "sqlite".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BenchModule, printResults } from './bench-kit';

async function main(): Promise<void> {
  const filter = process.argv[2];
  const files = fs
    .readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.js'))
    .filter((file) => !filter || file.includes(filter))
    .sort();
  for (const file of files) {
    const mod = (await import(path.join(__dirname, file))) as BenchModule;
    console.log(`\n## ${mod.title ?? file}`);
    printResults(await mod.run());
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
