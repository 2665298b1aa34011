export * from './attendance-marked.event';
export * from './attendance-child';
export * from './mark-attendance.decide';
