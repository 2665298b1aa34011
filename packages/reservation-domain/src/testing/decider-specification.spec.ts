import * as E from 'fp-ts/Either';
import { canonicalJson, deciderSpecification, SpecificationError } from './decider-specification';

// A tiny counter decider: the kit must work for any decider, Either-returning or plain.
type Command = { type: 'Add'; data: { n: number } };
type Event = { type: 'Added'; data: { n: number } };
const counter = {
  initialState: () => 0,
  evolve: (state: number, event: Event) => state + event.data.n,
  decide: (command: Command, state: number): E.Either<{ code: string; message: string }, Event[]> =>
    command.data.n === 0
      ? E.right([])
      : state + command.data.n > 10
        ? E.left({ code: 'TOO_MUCH', message: 'over 10' })
        : E.right([{ type: 'Added', data: { n: command.data.n } }]),
};
const add = (n: number): Command => ({ type: 'Add', data: { n } });
const added = (n: number): Event => ({ type: 'Added', data: { n } });
const spec = deciderSpecification(counter);

describe('deciderSpecification', () => {
  it('then: passes on equal events (metadata ignored) and throws a readable error otherwise', () => {
    spec.given([added(3)]).when(add(2)).then([{ ...added(2), metadata: { any: 1 } } as Event]);
    expect(() => spec.given([added(3)]).when(add(2)).then([added(3)])).toThrow(SpecificationError);
    expect(() => spec.given([added(3)]).when(add(2)).then([added(3)])).toThrow(/Events differ/);
    expect(() => spec.given([added(9)]).when(add(2)).then([added(2)])).toThrow(/refused/);
  });

  it('then with a function receives the events and the state after them', () => {
    spec.given([added(3)]).when(add(2)).then((events, state) => {
      expect(events).toEqual([added(2)]);
      expect(state).toBe(5);
    });
  });

  it('thenFails: passes on the refusal code, throws on success or another code', () => {
    expect(spec.given([added(9)]).when(add(2)).thenFails('TOO_MUCH')).toEqual({ code: 'TOO_MUCH', message: 'over 10' });
    expect(() => spec.given([]).when(add(2)).thenFails('TOO_MUCH')).toThrow(/succeeded/);
    expect(() => spec.given([added(9)]).when(add(2)).thenFails('OTHER')).toThrow(/Expected a refusal OTHER/);
  });

  it('thenNothingHappened: passes on no events, throws on events or a refusal', () => {
    spec.given([]).when(add(0)).thenNothingHappened();
    expect(() => spec.given([]).when(add(1)).thenNothingHappened()).toThrow(/Expected no events/);
    expect(() => spec.given([added(10)]).when(add(1)).thenNothingHappened()).toThrow(/refused/);
  });

  it('accepts deciders that return plain arrays', () => {
    const plain = { ...counter, decide: (command: Command) => [added(command.data.n)] };
    deciderSpecification(plain).given([]).when(add(4)).then([added(4)]);
  });

  it('canonicalJson ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, { y: 1, x: 0 }] } })).toBe('{"a":{"c":[2,{"x":0,"y":1}]},"b":1}');
  });
});
