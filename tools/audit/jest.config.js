// `@periscol/api/dist/...` (the API pieces the auditor reuses) maps to the sources through the
// tsconfig paths, so the tests need no build.
module.exports = require('../../jest.preset.js').project(__dirname, 'audit');
