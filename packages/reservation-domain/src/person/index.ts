export * from './person.events';
export * from './person.decide';
export * from './quotient-familial-update';
export * from './child-enrolment';
