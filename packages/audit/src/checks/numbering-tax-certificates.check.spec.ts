import { checkNumbering, type AssignedDocumentNumber } from './numbering.check';

const certificate = (sequence: number, revision = sequence - 1, familyId = `f${sequence}`): AssignedDocumentNumber => ({
  number: `F-2026-${String(sequence).padStart(6, '0')}`,
  sequence,
  familyId,
  sourceId: familyId,
  streamId: 'numbering-F-2026',
  revision,
  position: 500 + revision,
});

describe('tax certificate numbers (R21)', () => {
  test('held by their numbering stream alone: clean and counted, no family event needed', () => {
    const result = checkNumbering([], [certificate(1), certificate(2)], { timeZone: 'Europe/Paris' });
    expect(result.check.ok).toBe(true);
    expect(result.counts).toEqual({ 'F-2026': 2 });
  });

  test('a number out of its place in the stream is still a violation', () => {
    const result = checkNumbering([], [certificate(1), certificate(3, 1)], { timeZone: 'Europe/Paris' });
    expect(result.check.violations).toEqual([expect.objectContaining({ code: 'NUMBERING_STREAM_INVALID' })]);
  });
});
