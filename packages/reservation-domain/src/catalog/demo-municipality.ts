import * as E from 'fp-ts/Either';
import { deepFreeze } from '../shared/deep-freeze';
import demoFile from './demo-municipality.json';
import type { Catalog } from './catalog.types';
import { loadCatalog } from './load-catalog';
import { MunicipalityFileSchema, type MunicipalityFile } from './municipality-file.schema';

/**
 * « Ville de Saint-Aubin-sur-Loire (démonstration) », school year 2026–2027, holidays of zone A
 * (académie de Dijon). The JSON beside this file is what the API loads by default; this module
 * only validates it, so the two can never differ.
 */
export const demoMunicipality: MunicipalityFile = deepFreeze(MunicipalityFileSchema.parse(demoFile));

export const demoCatalog: Catalog = E.getOrElseW((error: { message: string }) => {
  throw new Error(`demo municipality file is invalid: ${error.message}`);
})(loadCatalog(demoFile));
