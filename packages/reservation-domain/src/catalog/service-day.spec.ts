import { cancellationDeadline, reservationDeadline } from './deadline';
import { demoCatalog } from './demo-municipality';
import { withClosures } from './load-catalog';
import { catalogFrom, testMunicipalityFile } from './municipality-file.fixture';
import { serviceDayStatus } from './service-day';

describe('serviceDayStatus', () => {
  it('opens a served weekday of the school year', () => {
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-12-07')).toEqual({ open: true });
    expect(serviceDayStatus(demoCatalog, 'mercredi', '2026-12-09')).toEqual({ open: true });
  });

  it('knows only the catalog activities', () => {
    expect(serviceDayStatus(demoCatalog, 'piscine', '2026-12-07')).toEqual({ open: false, reason: 'unknown_activity' });
  });

  it('closes the weekdays an activity does not serve', () => {
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-12-09')).toEqual({ open: false, reason: 'not_served' });
    expect(serviceDayStatus(demoCatalog, 'mercredi', '2026-12-07')).toEqual({ open: false, reason: 'not_served' });
    expect(serviceDayStatus(demoCatalog, 'accueil-soir', '2026-12-12')).toEqual({ open: false, reason: 'not_served' });
  });

  it('includes both ends of the school year and nothing outside', () => {
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-09-01')).toEqual({ open: true });
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-08-31')).toEqual({ open: false, reason: 'outside_school_year' });
    expect(serviceDayStatus(demoCatalog, 'restauration', '2027-07-02')).toEqual({ open: true });
    expect(serviceDayStatus(demoCatalog, 'restauration', '2027-07-05')).toEqual({ open: false, reason: 'outside_school_year' });
    const saturdays = catalogFrom(testMunicipalityFile({ schoolYear: { start: '2026-09-05', end: '2027-07-03' } }));
    expect(serviceDayStatus(saturdays, 'garderie', '2026-09-04')).toEqual({ open: false, reason: 'outside_school_year' });
  });

  it('treats text that is not a date as outside the school year', () => {
    expect(serviceDayStatus(demoCatalog, 'restauration', '2027-02-30')).toEqual({ open: false, reason: 'outside_school_year' });
    expect(serviceDayStatus(demoCatalog, 'restauration', 'lundi')).toEqual({ open: false, reason: 'outside_school_year' });
  });

  it('closes holidays and public holidays with their label', () => {
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-10-16')).toEqual({ open: true });
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-10-19')).toEqual({ open: false, reason: 'closed', label: 'Vacances de la Toussaint' });
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-11-02')).toEqual({ open: true });
    expect(serviceDayStatus(demoCatalog, 'mercredi', '2026-11-11')).toEqual({ open: false, reason: 'closed', label: 'Armistice du 11 novembre (jour férié)' });
    expect(serviceDayStatus(demoCatalog, 'accueil-matin', '2027-03-29')).toEqual({ open: false, reason: 'closed', label: 'Lundi de Pâques (jour férié)' });
    expect(serviceDayStatus(demoCatalog, 'restauration', '2027-05-06')).toEqual({ open: false, reason: 'closed', label: 'Ascension (jour férié)' });
    expect(serviceDayStatus(demoCatalog, 'restauration', '2027-05-07')).toEqual({ open: false, reason: 'closed', label: "Pont de l'Ascension" });
    expect(serviceDayStatus(demoCatalog, 'mercredi', '2027-05-05')).toEqual({ open: true });
  });

  it('reports not_served before closed, and outside_school_year before not_served', () => {
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-10-21')).toEqual({ open: false, reason: 'not_served' });
    expect(serviceDayStatus(demoCatalog, 'restauration', '2027-07-04')).toEqual({ open: false, reason: 'outside_school_year' });
  });
});

describe('activity closures (R14)', () => {
  const closure = { activityId: 'restauration', date: '2026-12-10', reason: 'Grève du personnel de restauration' };

  it('closes that activity on that date only, with the closure reason', () => {
    // Ask the original first, so a memo shared by mistake would show.
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-12-10')).toEqual({ open: true });
    const closed = withClosures(demoCatalog, [closure]);
    expect(serviceDayStatus(closed, 'restauration', '2026-12-10')).toEqual({ open: false, reason: 'closed', label: closure.reason });
    expect(serviceDayStatus(closed, 'accueil-soir', '2026-12-10')).toEqual({ open: true });
    expect(serviceDayStatus(closed, 'restauration', '2026-12-11')).toEqual({ open: true });
    expect(closed.closures).toEqual([closure]);
  });

  it('leaves the original catalog unchanged', () => {
    withClosures(demoCatalog, [closure]);
    expect(serviceDayStatus(demoCatalog, 'restauration', '2026-12-10')).toEqual({ open: true });
    expect(demoCatalog.closures).toEqual([]);
  });

  it('replaces the list of closures (reopening is a shorter list)', () => {
    const closed = withClosures(demoCatalog, [closure]);
    const reopened = withClosures(closed, []);
    expect(serviceDayStatus(closed, 'restauration', '2026-12-10').open).toBe(false);
    expect(serviceDayStatus(reopened, 'restauration', '2026-12-10')).toEqual({ open: true });
    const two = withClosures(closed, [...closed.closures, { activityId: 'mercredi', date: '2026-12-16', reason: 'Sortie annulée' }]);
    expect(serviceDayStatus(two, 'restauration', '2026-12-10').open).toBe(false);
    expect(serviceDayStatus(two, 'mercredi', '2026-12-16')).toEqual({ open: false, reason: 'closed', label: 'Sortie annulée' });
  });

  it('changes no deadline, and a day not served stays not_served', () => {
    const closed = withClosures(demoCatalog, [closure, { activityId: 'restauration', date: '2026-12-09', reason: 'Fermeture' }]);
    expect(reservationDeadline(closed, 'restauration', '2026-12-10')).toBe(reservationDeadline(demoCatalog, 'restauration', '2026-12-10'));
    expect(cancellationDeadline(closed, 'restauration', '2026-12-14')).toBe('2026-12-10T11:00:59.999Z');
    expect(serviceDayStatus(closed, 'restauration', '2026-12-09')).toEqual({ open: false, reason: 'not_served' });
  });

  it('refuses a malformed closure with a code and changes nothing', () => {
    const bad = [
      { activityId: 'restauration', date: '2026-12-32', reason: 'x' },
      { activityId: 'restauration', date: '2026-12-10', reason: '  ' },
      { activityId: 42, date: '2026-12-10', reason: 'x' },
    ];
    for (const closureInput of bad) {
      expect(() => withClosures(demoCatalog, [closureInput as never])).toThrow(expect.objectContaining({ code: 'INVALID_CLOSURE' }));
    }
    expect(demoCatalog.closures).toEqual([]);
  });
});
