/**
 * @periscol/reservation-domain — the pure reservation domain of Periscol: the municipality's
 * catalog, the family and person deciders, their events, read models and the ledger (R11).
 * No I/O, no clock, no randomness. The given/when/then kit is `@periscol/reservation-domain/testing`.
 */
export * from './shared';
export * from './catalog';
export * from './family';
export * from './person';
export * from './projections';
export * from './ledger';
export * from './closures';
export * from './capacity';
export * from './numbering';
export * from './regie';
export * from './reminders';
export * from './attendance';
export * from './tax-certificate';
