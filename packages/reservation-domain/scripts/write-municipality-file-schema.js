// Writes the municipality file's JSON Schema, generated from the zod schema of the build just
// made, to the package root (shipped in the tarball; a town's file names it in its `$schema`
// line). The catalog spec fails when the committed file is not what this writes.
const fs = require('node:fs');
const path = require('node:path');
const { municipalityFileJsonSchemaText, MUNICIPALITY_FILE_JSON_SCHEMA_FILE } = require('../dist/catalog/municipality-file.json-schema');

const target = path.join(__dirname, '..', MUNICIPALITY_FILE_JSON_SCHEMA_FILE);
fs.writeFileSync(target, municipalityFileJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), target)}`);
