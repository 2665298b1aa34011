import 'reflect-metadata';
import { start } from './bootstrap';

// `npm start` runs `node apps/api/dist/main.js --demo`: demo mode on unless PERISCOL_DEMO=0.
start({
  env: process.env,
  argv: process.argv.slice(2),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
})
  .then((result) => {
    if (!result.ok) process.exit(result.exitCode);
  })
  .catch((error: unknown) => {
    process.stderr.write(`Periscol failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
