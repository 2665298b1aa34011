import { InstantSchema, isWithinDeadline } from './instant';

describe('isWithinDeadline', () => {
  const deadline = '2026-12-01T22:59:59.999Z'; // mardi 1er décembre 2026, 23:59 à Paris

  it('allows any moment up to and including the deadline', () => {
    expect(isWithinDeadline('2026-12-01T22:59:30.000Z', deadline)).toBe(true);
    expect(isWithinDeadline('2026-12-01T22:59:59.999Z', deadline)).toBe(true);
    expect(isWithinDeadline('2026-12-01T22:59:59Z', deadline)).toBe(true);
  });

  it('refuses the first millisecond after it', () => {
    expect(isWithinDeadline('2026-12-01T23:00:00.000Z', deadline)).toBe(false);
    expect(isWithinDeadline('2026-12-01T23:00:00Z', deadline)).toBe(false);
  });
});

describe('InstantSchema', () => {
  it('accepts UTC ISO instants only', () => {
    expect(InstantSchema.safeParse('2026-12-01T22:59:00.000Z').success).toBe(true);
    expect(InstantSchema.safeParse('2026-12-01T23:59:00+01:00').success).toBe(false);
    expect(InstantSchema.safeParse('2026-12-01').success).toBe(false);
  });
});
