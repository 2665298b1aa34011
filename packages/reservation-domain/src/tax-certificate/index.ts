export * from './childcare-eligibility';
export * from './childcare-paid';
export * from './tax-certificate';
