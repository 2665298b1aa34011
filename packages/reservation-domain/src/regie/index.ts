export * from './regie-day-closed.event';
export * from './close-regie-day.decide';
export * from './prescription';
export * from './payment-method';
