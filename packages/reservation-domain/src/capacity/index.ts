export * from './places.events';
export * from './places.state';
export * from './places.decide';
export * from './places-key';
export * from './family-places';
