/**
 * @periscol/reservation-domain/testing — the given/when/then kit for embedders' tests, test
 * builders and fast-check arbitraries of the family decider (fast-check is a dev dependency of
 * the importing project).
 */
export * from './decider-specification';
export * from './family.fixtures';
export * from './family.arbitraries';
