import { InMemoryEventStore } from '@periscol/event-store';
import { RECAP_LAYOUT } from '@periscol/documents';
import { DOCUMENT_LAYOUTS_STREAM } from '../streams/stream-names';
import { DocumentLayouts, recapLayoutAt } from './document-layouts';

describe('document layouts', () => {
  it('gives layout 1 to a recap issued before the current layout was adopted, and the current one from then on', () => {
    const adoptions = [{ document: 'recap' as const, layout: 2, from: '2026-11-26T09:00:00.000Z' }];
    expect(recapLayoutAt([], '2027-01-01T00:00:00Z')).toBe(1);
    expect(recapLayoutAt(adoptions, '2026-11-26T08:59:59.999Z')).toBe(1);
    expect(recapLayoutAt(adoptions, '2026-11-26T10:00:00+01:00')).toBe(2);
    expect(recapLayoutAt(adoptions, '2027-01-01T00:00:00Z')).toBe(2);
    // A layout this version cannot draw is never chosen.
    expect(recapLayoutAt([...adoptions, { document: 'recap', layout: RECAP_LAYOUT + 1, from: '2026-12-01T00:00:00Z' }], '2027-01-01T00:00:00Z')).toBe(RECAP_LAYOUT);
  });

  it('records the adoption once, whichever process asks first, and keeps its first instant', async () => {
    const store = new InMemoryEventStore();
    const first = new DocumentLayouts(store);
    const second = new DocumentLayouts(store);
    const [a, b] = await Promise.all([first.recapAdoptions('2026-11-26T09:00:00.000Z'), second.recapAdoptions('2026-11-26T09:00:05.000Z')]);
    expect(a).toEqual(b);
    const { events } = await store.readStream(DOCUMENT_LAYOUTS_STREAM);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'DocumentLayoutAdopted', data: { document: 'recap', layout: RECAP_LAYOUT } });
    // A later start (another process, a restart) finds it and writes nothing.
    expect(await new DocumentLayouts(store).recapAdoptions('2027-03-01T00:00:00.000Z')).toEqual(a);
    expect((await store.readStream(DOCUMENT_LAYOUTS_STREAM)).events).toHaveLength(1);
  });
});
