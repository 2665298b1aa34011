export * from './regie-books';
export * from './regie-journal';
export * from './regie-pack';
export * from './credit-statement';
export * from './regie-reconciliation';
export * from './regie-csv';
export * from './regie-check';
export * from './regie-closing';
