import { z } from 'zod';
import { IsoDateSchema } from '../shared/iso-date';
import { MunicipalityFileSchema } from './municipality-file.schema';

/** Where the package ships the JSON Schema (package root), named in a town file's `$schema` line. */
export const MUNICIPALITY_FILE_JSON_SCHEMA_FILE = 'municipality-file.schema.json';

/** The id under which editors and validators know the schema. */
export const MUNICIPALITY_FILE_JSON_SCHEMA_ID = 'https://periscol.fr/schemas/municipality-file.schema.json';

/**
 * The JSON Schema (draft 2020-12) of the municipality file as a town writes it (defaults
 * optional), generated from `MunicipalityFileSchema`. An editor reads it to validate and
 * complete a file; the checks that span several fields (sorted grids, a rule per served
 * weekday…) are the loader's alone, so `loadCatalog` stays the judge.
 */
export function municipalityFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(MunicipalityFileSchema, {
    io: 'input',
    target: 'draft-2020-12',
    // A refinement has no JSON form; a date is still a string the editor can check by pattern.
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === IsoDateSchema) Object.assign(ctx.jsonSchema, { type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
    },
  });
  return {
    $schema: schema['$schema'],
    $id: MUNICIPALITY_FILE_JSON_SCHEMA_ID,
    title: 'Fichier de la commune (Periscol)',
    description: 'Activités, délais, tarifs et calendrier d’une commune. Voir docs/rules.md §2.',
    ...Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$schema')),
  };
}

/** The schema as the committed file holds it: two-space JSON and a final newline. */
export function municipalityFileJsonSchemaText(): string {
  return `${JSON.stringify(municipalityFileJsonSchema(), null, 2)}\n`;
}

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; items?: JsonSchemaNode; anyOf?: JsonSchemaNode[]; oneOf?: JsonSchemaNode[]; additionalProperties?: unknown };

function branches(node: JsonSchemaNode): JsonSchemaNode[] {
  const alternatives = node.anyOf ?? node.oneOf;
  return alternatives ? alternatives.flatMap(branches) : [node];
}

let generated: JsonSchemaNode | undefined;

/** The keys the format allows in the object at `path` of a file (every alternative's, for a union), for « did you mean ». */
export function knownKeysAt(path: readonly PropertyKey[]): string[] {
  let nodes = branches((generated ??= municipalityFileJsonSchema() as JsonSchemaNode));
  for (const part of path) {
    nodes = nodes.flatMap((node) => {
      if (typeof part === 'number') return node.items ? branches(node.items) : [];
      const child = node.properties?.[String(part)] ?? (typeof node.additionalProperties === 'object' ? (node.additionalProperties as JsonSchemaNode) : undefined);
      return child ? branches(child) : [];
    });
  }
  return [...new Set(nodes.flatMap((node) => Object.keys(node.properties ?? {})))];
}
