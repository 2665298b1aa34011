/**
 * given / when / then for deciders (after emmett's `DeciderSpecification`), understanding fp-ts
 * `Either` refusals. Framework-free: a failed expectation throws `SpecificationError`, which
 * Jest, Vitest, Mocha or node:test all report.
 *
 *   const spec = deciderSpecification(createFamilyDecider({ catalog, holdMinutes: 60 }));
 *   spec.given([registered, enrolled]).when(request).then([requested]);
 *   spec.given([registered]).when(cancelUnknown).thenFails('NOT_RESERVED');
 */
import * as E from 'fp-ts/Either';

export interface SpecDecider<Command, Event, State, Failure> {
  decide(command: Command, state: State): E.Either<Failure, readonly Event[]> | readonly Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export class SpecificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecificationError';
  }
}

export interface WhenClause<Event, State, Failure> {
  /** The decision appended exactly these events (compared as data, metadata ignored). */
  then(expected: readonly Event[] | ((events: readonly Event[], state: State) => void)): readonly Event[];
  /** The decision was refused with this code (and, when given, details matching `details`). */
  thenFails(code: string, details?: (failure: Failure) => void): Failure;
  /** The decision succeeded and appended nothing. */
  thenNothingHappened(): void;
  /** The raw decision and the state it was taken on, for custom assertions. */
  decision(): { readonly result: E.Either<Failure, readonly Event[]>; readonly state: State };
}

export interface GivenClause<Command, Event, State, Failure> {
  when(command: Command): WhenClause<Event, State, Failure>;
  /** The state folded from the given events. */
  state(): State;
}

export interface DeciderSpecification<Command, Event, State, Failure> {
  given(events: readonly Event[]): GivenClause<Command, Event, State, Failure>;
}

/** Stable JSON (sorted keys, undefined fields dropped) so equal data compares equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const source = v as Record<string, unknown>;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(source).sort()) sorted[key] = source[key];
      return sorted;
    }
    return v;
  });
}

function withoutMetadata<Event>(event: Event): unknown {
  if (event && typeof event === 'object' && 'type' in event && 'data' in event) {
    const { type, data } = event as { type: unknown; data: unknown };
    return { type, data };
  }
  return event;
}

function describe(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? String(value);
}

function failureCode(failure: unknown): string | undefined {
  return failure && typeof failure === 'object' && 'code' in failure ? String((failure as { code: unknown }).code) : undefined;
}

export function deciderSpecification<Command, Event, State, Failure>(
  decider: SpecDecider<Command, Event, State, Failure>,
): DeciderSpecification<Command, Event, State, Failure> {
  return {
    given(givenEvents) {
      const fold = () => givenEvents.reduce<State>((state, event) => decider.evolve(state, event), decider.initialState());
      return {
        state: fold,
        when(command) {
          const run = () => {
            const state = fold();
            const raw = decider.decide(command, state);
            const result: E.Either<Failure, readonly Event[]> = Array.isArray(raw)
              ? E.right(raw as readonly Event[])
              : (raw as E.Either<Failure, readonly Event[]>);
            return { result, state };
          };
          const succeeded = (): { events: readonly Event[]; state: State } => {
            const { result, state } = run();
            if (E.isLeft(result)) {
              throw new SpecificationError(`Expected the command to succeed, but it was refused:\n${describe(result.left)}`);
            }
            return { events: result.right, state };
          };
          return {
            decision: run,
            then(expected) {
              const { events, state } = succeeded();
              if (typeof expected === 'function') {
                expected(events, events.reduce<State>((s, e) => decider.evolve(s, e), state));
                return events;
              }
              const actual = canonicalJson(events.map(withoutMetadata));
              const wanted = canonicalJson(expected.map(withoutMetadata));
              if (actual !== wanted) {
                throw new SpecificationError(
                  `Events differ.\nExpected:\n${describe(expected.map(withoutMetadata))}\nActual:\n${describe(events.map(withoutMetadata))}`,
                );
              }
              return events;
            },
            thenFails(code, details) {
              const { result } = run();
              if (E.isRight(result)) {
                throw new SpecificationError(`Expected a refusal ${code}, but the command succeeded with:\n${describe(result.right)}`);
              }
              if (failureCode(result.left) !== code) {
                throw new SpecificationError(`Expected a refusal ${code}, got:\n${describe(result.left)}`);
              }
              details?.(result.left);
              return result.left;
            },
            thenNothingHappened() {
              const { events } = succeeded();
              if (events.length > 0) {
                throw new SpecificationError(`Expected no events, got:\n${describe(events.map(withoutMetadata))}`);
              }
            },
          };
        },
      };
    },
  };
}
