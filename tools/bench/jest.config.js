// The bench's own code (the city-year generator) is tested tiny; nothing here is timed.
module.exports = require('../../jest.preset.js').project(__dirname, 'bench');
