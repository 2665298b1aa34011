export * from './regie-day-closed.event';
export * from './close-regie-day.decide';
export * from './prescription';
export * from './payment-method';
export * from './regie-arrete';
export * from './unmatched-payment-attachment.decide';
