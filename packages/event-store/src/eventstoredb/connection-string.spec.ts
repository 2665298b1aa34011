/**
 * Only what @eventstore/db-client 6.2.1 parses is accepted (esdb://, esdb+discover://), and
 * nothing that would change what an append failure looks like: `throwOnAppendFailure=false` turns
 * a conflict into a resolved `success: false` that no retry loop sees.
 */
import { connectionSettings, connectionStringProblem } from './connection-string';
import { EventStoreDbEventStore } from './eventstoredb.adapter';

describe('EventStoreDB connection strings', () => {
  test.each([
    ['kurrentdb://localhost:2113?tls=false', /esdb:\/\//],
    ['kurrent://localhost:2113?tls=false', /esdb:\/\//],
    ['kurrentdb+discover://cluster.example.org:2113', /esdb\+discover:\/\//],
    ['ESDB://localhost:2113?tls=false', /esdb:\/\//],
    ['esdb://localhost:2113?tls=false&throwOnAppendFailure=false', /throwOnAppendFailure/],
    ['esdb://localhost:2113?ThrowOnAppendFailure=false', /throwOnAppendFailure/],
    ['esdb://localhost:2113?tlsVerifyCert=false', /tlsCAFile/],
  ])('connect refuses %s with INVALID_CONNECTION_STRING', (connectionString, explanation) => {
    let error: unknown;
    try {
      EventStoreDbEventStore.connect(connectionString);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: 'INVALID_CONNECTION_STRING', message: expect.stringMatching(explanation) });
    expect(String((error as Error).message)).not.toContain('changeit');
  });

  test('the password of a refused connection string is not repeated in the error', () => {
    expect(() => EventStoreDbEventStore.connect('kurrentdb://admin:changeit@localhost:2113')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('changeit') }));
  });

  test.each(['esdb://localhost:2113?tls=false', 'esdb+discover://cluster.example.org:2113', 'esdb://admin:changeit@node1:2113,node2:2113,node3:2113?nodePreference=leader&tls=false'])(
    'accepts %s (no connection is made until the first call)',
    async (connectionString) => {
      const store = EventStoreDbEventStore.connect(connectionString);
      await store.close();
    },
  );

  test('the checks take option keys as the client does: in any case, with - or _', () => {
    expect(connectionStringProblem('esdb://localhost:2113?tls=false&throw_on_append_failure=false')).toMatch(/throwOnAppendFailure/);
    expect(connectionStringProblem('esdb://localhost:2113?throwOnAppendFailure=true')).toBeUndefined();
    expect(connectionStringProblem('  esdb://localhost:2113')).toBeUndefined();
  });

  test('defaultDeadline also bounds the reads the client leaves without a deadline', () => {
    expect(connectionSettings('esdb://localhost:2113?tls=false&defaultDeadline=3000')).toEqual({ defaultDeadlineMs: 3000 });
    expect(connectionSettings('esdb://localhost:2113?tls=false')).toEqual({});
    expect(connectionSettings('esdb://localhost:2113?defaultDeadline=soon')).toEqual({});
  });
});
