// Hooks start the whole API; on a fresh clone the first one also compiles its module graph,
// which can take longer than Jest's default 5 s on 2 busy cores.
module.exports = require('../../jest.preset.js').project(__dirname, 'api', { testTimeout: 30_000 });
