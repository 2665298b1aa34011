// One Jest run over every project, so CI gets one summary. `nx test <project>` runs one.
const fs = require('node:fs');
const path = require('node:path');

const projects = ['packages', 'apps', 'tools']
  .flatMap((group) => (fs.existsSync(path.join(__dirname, group)) ? fs.readdirSync(path.join(__dirname, group)).map((name) => path.join(__dirname, group, name, 'jest.config.js')) : []))
  .filter((file) => fs.existsSync(file));

module.exports = { projects };
