// The packaging test builds, packs and installs every publishable package: minutes, not seconds.
module.exports = require('../../jest.preset.js').project(__dirname, 'packaging', { testTimeout: 600_000 });
