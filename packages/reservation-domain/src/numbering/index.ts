export { type DocumentPrefix, type DocumentNumber, formatDocumentNumber, parseDocumentNumber } from './document-number';
export { numberingYearOf } from './numbering-year';
export * from './document-number-assigned.event';
export * from './assign-document-number.decide';
