/** The former names of the projector runner (`consumers/projector.ts`), kept for existing importers. */
import type { Projector, ProjectorStatus } from './consumers/projector';

export { ProjectorRunner as ProjectionRunner } from './consumers/projector';
export type { ProjectionRunnerOptions } from './consumers/projector';
export { ProjectionFailedError, ProjectionWaitTimeoutError } from './consumers/consumer.errors';
export type Projection = Projector;
export type ProjectionStatus = ProjectorStatus;
