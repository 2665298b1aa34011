/** Injection token of the `EventStore` (port of `@periscol/event-store`). */
export const EVENT_STORE = Symbol('EVENT_STORE');
