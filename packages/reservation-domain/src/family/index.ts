export * from './refusal';
export * from './calendar-input';
export * from './family.events';
export * from './family.commands';
export * from './family.command-schema';
export * from './family.state';
export * from './family.decide';
export { PersistentMap, hashString } from './persistent-map';
