import { deterministicEventId, isUuid, uuidV5 } from './event-id';

describe('deterministicEventId', () => {
  test('implements UUID v5 (RFC 9562 test vector: DNS namespace, "www.example.com")', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  test('same key and index give the same UUID v5; any change gives another', () => {
    const id = deterministicEventId('req-42', 0);
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('5');
    expect('89ab').toContain(id[19]);
    expect(deterministicEventId('req-42', 0)).toBe(id);
    const others = [deterministicEventId('req-42', 1), deterministicEventId('req-43', 0), deterministicEventId('req-42:0', 0), deterministicEventId('req-4', 20)];
    expect(new Set([id, ...others]).size).toBe(5);
  });

  test('refuses an empty key or a bad index', () => {
    expect(() => deterministicEventId('', 0)).toThrow(TypeError);
    expect(() => deterministicEventId('k', -1)).toThrow(TypeError);
    expect(() => deterministicEventId('k', 1.5)).toThrow(TypeError);
  });
});
