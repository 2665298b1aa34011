export * from './attendance-sheets';
