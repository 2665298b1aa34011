import { checkNumbering, describeRanges, type AssignedDocumentNumber, type IssuedDocumentNumber } from './numbering.check';

const ticket = (number: string, familyId = 'f1', sourceId = `pay-${number}`, yearOf = '2026-10-01T10:00:00.000Z'): IssuedDocumentNumber => ({ number, kind: 'ticket', familyId, sourceId, yearOf });
const note = (number: string, familyId = 'f1', sourceId = `credit-${number}`, yearOf = '2026-10-01T10:00:00.000Z'): IssuedDocumentNumber => ({ number, kind: 'credit-note', familyId, sourceId, yearOf });
const assigned = (number: string, revision: number, familyId: string, sourceId: string): AssignedDocumentNumber => ({
  number,
  sequence: Number(number.slice(-6)),
  familyId,
  sourceId,
  streamId: `numbering-${number.slice(0, 6)}`,
  revision,
  position: 100 + revision,
});
const check = (issued: IssuedDocumentNumber[], numbers: AssignedDocumentNumber[] = []) => checkNumbering(issued, numbers, { timeZone: 'Europe/Paris' });

describe('ticket and credit-note numbering', () => {
  test('continuous per prefix and year, across families: clean, counted', () => {
    const result = check([ticket('R-2026-000001', 'f1'), ticket('R-2026-000002', 'f2'), note('A-2026-000001', 'f2'), ticket('R-2027-000001', 'f1', 'p9', '2027-01-05T10:00:00.000Z')]);
    expect(result.check.ok).toBe(true);
    expect(result.counts).toEqual({ 'A-2026': 1, 'R-2026': 2, 'R-2027': 1 });
    expect(result.check.detail).toBe('A-2026: 1..1, R-2026: 1..2, R-2027: 1..1, no gap, no duplicate');
  });

  test('a gap is reported with the missing numbers', () => {
    const result = check([ticket('R-2026-000001'), ticket('R-2026-000002'), ticket('R-2026-000005'), ticket('R-2026-000007')]);
    expect(result.check.ok).toBe(false);
    expect(result.check.violations).toEqual([expect.objectContaining({ code: 'NUMBER_GAP', message: 'R-2026: 3 numbers missing up to 7: 3-4, 6' })]);
  });

  test('one number on two documents is a duplicate, naming both', () => {
    const result = check([ticket('R-2026-000001', 'f1', 'pay-a'), ticket('R-2026-000001', 'f2', 'pay-b')]);
    expect(result.check.violations).toEqual([expect.objectContaining({ code: 'DUPLICATE_DOCUMENT_NUMBER', message: expect.stringContaining('pay-a of family f1 and ticket pay-b of family f2') })]);
  });

  test('the year is the payment’s in the municipality’s time zone: 31 Dec 23:30 UTC is next year in Paris', () => {
    expect(check([ticket('R-2027-000001', 'f1', 'p1', '2026-12-31T23:30:00.000Z')]).check.ok).toBe(true);
    const wrong = check([ticket('R-2026-000001', 'f1', 'p1', '2026-12-31T23:30:00.000Z')]);
    expect(wrong.check.violations[0]).toMatchObject({ code: 'NUMBER_WRONG_YEAR' });
  });

  test('a malformed number or a credit-note number on a ticket is refused', () => {
    const result = check([ticket('R-26-1'), ticket('A-2026-000001')]);
    expect(result.check.violations.map((v) => v.code)).toEqual(['INVALID_DOCUMENT_NUMBER', 'INVALID_DOCUMENT_NUMBER']);
  });

  test('numbering streams: each assigned number issued on its family for its source, each issued number assigned', () => {
    const issued = [ticket('R-2026-000001', 'f1', 'pay-1'), ticket('R-2026-000002', 'f2', 'pay-2')];
    expect(check(issued, [assigned('R-2026-000001', 0, 'f1', 'pay-1'), assigned('R-2026-000002', 1, 'f2', 'pay-2')]).check.ok).toBe(true);

    const assignedNotIssued = check(issued, [assigned('R-2026-000001', 0, 'f1', 'pay-1'), assigned('R-2026-000002', 1, 'f2', 'pay-2'), assigned('R-2026-000003', 2, 'f3', 'pay-3')]);
    expect(assignedNotIssued.check.violations).toEqual([expect.objectContaining({ code: 'NUMBER_NOT_ISSUED', streamId: 'numbering-R-2026', revision: 2 })]);

    const issuedNotAssigned = check(issued, [assigned('R-2026-000001', 0, 'f1', 'pay-1')]);
    expect(issuedNotAssigned.check.violations).toEqual([expect.objectContaining({ code: 'NUMBER_NOT_ASSIGNED', familyId: 'f2' })]);

    const wrongSource = check(issued, [assigned('R-2026-000001', 0, 'f1', 'pay-1'), assigned('R-2026-000002', 1, 'f2', 'pay-other')]);
    expect(wrongSource.check.violations).toEqual([expect.objectContaining({ code: 'NUMBER_NOT_ISSUED', message: expect.stringContaining('numbers pay-2') })]);

    const outOfPlace = check(issued, [assigned('R-2026-000001', 0, 'f1', 'pay-1'), { ...assigned('R-2026-000002', 1, 'f2', 'pay-2'), revision: 5 }]);
    expect(outOfPlace.check.violations[0]).toMatchObject({ code: 'NUMBERING_STREAM_INVALID', revision: 5 });
  });

  test('describeRanges compresses runs', () => {
    expect(describeRanges([1, 2, 3, 5, 8, 9])).toBe('1-3, 5, 8-9');
  });
});
