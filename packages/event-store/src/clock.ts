/** Where the store takes `recordedAt` from. Injected so that tests control time. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
