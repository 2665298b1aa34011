import { demoCatalog, getActivity, reservationDeadline, serviceDayStatus, withClosures } from '@periscol/reservation-domain';
import type { Catalog } from '@periscol/reservation-domain';
import { liveCatalog, loadMunicipalityCatalog } from './catalog-source';

describe('the injected catalog', () => {
  it('always reads the current catalog: closures recorded later are seen through the same object', () => {
    let current: Catalog = demoCatalog;
    const live = liveCatalog(() => current);
    expect(serviceDayStatus(live, 'restauration', '2026-12-10')).toEqual({ open: true });
    expect(getActivity(live, 'mercredi')?.label).toBe('Accueil du mercredi');
    expect(reservationDeadline(live, 'restauration', '2026-12-10')).toBe(reservationDeadline(demoCatalog, 'restauration', '2026-12-10'));

    current = withClosures(demoCatalog, [{ activityId: 'restauration', date: '2026-12-10', reason: 'Grève' }]);
    expect(serviceDayStatus(live, 'restauration', '2026-12-10')).toMatchObject({ open: false, reason: 'closed', label: 'Grève' });
    expect(live.closures).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(live)).closures).toEqual([{ activityId: 'restauration', date: '2026-12-10', reason: 'Grève' }]);
    expect(() => {
      (live as { timezone: string }).timezone = 'UTC';
    }).toThrow(TypeError);
  });

  it('the municipality file: none → the demo municipality; a bad one → one readable error', () => {
    expect(loadMunicipalityCatalog(null)).toBe(demoCatalog);
    expect(() => loadMunicipalityCatalog('/nonexistent/municipality.json')).toThrow(/PERISCOL_MUNICIPALITY_FILE: .* is not readable JSON/);
  });
});
