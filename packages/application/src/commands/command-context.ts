/** Who and what a command comes from: stamped on its events' metadata. */
export interface CommandContext {
  /** The command loop's idempotency key: event ids derive from it (R12). Use `idem.commandKey`, or a deterministic key for system commands. */
  readonly idempotencyKey: string;
  readonly actor: { readonly userId: string; readonly role: string };
  readonly correlationId?: string;
  readonly causationId?: string;
}

/** The actor stamped on commands the system issues by itself (expiry, closures, demo data). */
export const SYSTEM_ACTOR = { userId: 'periscol', role: 'system' } as const;

/** The context of a command sent by an HTTP request: key-derived event ids, the caller, the request id. */
export function requestCommandContext(
  actor: { readonly userId: string; readonly role: string },
  idempotency: { readonly commandKey: string },
  requestId?: string,
): CommandContext {
  return { idempotencyKey: idempotency.commandKey, actor: { userId: actor.userId, role: actor.role }, ...(requestId ? { correlationId: requestId } : {}) };
}
