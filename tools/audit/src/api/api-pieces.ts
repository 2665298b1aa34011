/**
 * The API's own pieces the auditor reuses, so that there is one implementation of each: its
 * read-model projections and read database, its family-snapshot serializer, the mapping from the
 * history to the PDF inputs, its closures stream and its municipality-file loader. All pure (no
 * Nest container is started). They are imported as the built app (`@periscol/api/dist/...`,
 * mapped to the sources in Jest). nx forbids importing an app from any project, hence the lint
 * exceptions, all in this one file: moving these modules into a library would remove them.
 */
/* eslint-disable @nx/enforce-module-boundaries */
export { READ_MODEL_PROJECTIONS } from '@periscol/api/dist/read-models/projections';
export { openReadDatabase } from '@periscol/api/dist/read-models/read-database';
export { familyStateFromJson, familyStateToJson } from '@periscol/api/dist/read-models/family-state.serializer';
export { cancellationDetailInput, orderDetailInput, paymentTicketInput } from '@periscol/api/dist/documents/document-inputs.mapper';
export type { DocumentSources } from '@periscol/api/dist/documents/document-inputs.mapper';
export { CLOSURES_STREAM, readServiceDayClosed } from '@periscol/api/dist/catalog/closures.events';
export { loadMunicipalityCatalog } from '@periscol/api/dist/catalog/catalog.provider';
/* eslint-enable @nx/enforce-module-boundaries */
