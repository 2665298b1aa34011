// One Jest run over every project, so CI gets one summary. `nx test <project>` runs one.
const fs = require('node:fs');
const path = require('node:path');

const projects = ['packages', 'apps', 'tools']
  .flatMap((group) => (fs.existsSync(path.join(__dirname, group)) ? fs.readdirSync(path.join(__dirname, group)).map((name) => path.join(__dirname, group, name, 'jest.config.js')) : []))
  .filter((file) => fs.existsSync(file));

// Hooks of the API's and the apps' suites start the whole server; on a fresh clone the first one
// also compiles its module graph, which can take longer than Jest's default 5 s on 2 busy cores.
// Jest reads this option for the whole run, not per project.
module.exports = { projects, testTimeout: 30_000 };
