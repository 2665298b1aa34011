export * from './service-day-closed.event';
export * from './close-service-day.decide';
export * from './closure-reach';
