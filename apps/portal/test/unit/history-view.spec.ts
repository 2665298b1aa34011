/**
 * « Historique »: the view reads every page of GET …/history (following `next`) and shows the
 * newest change first. The rendering itself runs in Chromium (portal.e2e.spec.ts).
 */
import { join } from 'node:path';

interface Entry { at: string; revision: number; summary: string }
interface HistoryModule {
  loadHistory(get: (path: string) => Promise<{ entries?: Entry[]; next?: number }>, path: string): Promise<Entry[]>;
  newestFirst(entries: Entry[]): Entry[];
}
const { loadHistory, newestFirst } = jest.requireActual<HistoryModule>(join(__dirname, '..', '..', 'public', 'js', 'views', 'history.view.js'));

const entry = (revision: number, at = '2026-11-26T09:00:00.000Z'): Entry => ({ at, revision, summary: `opération ${revision}` });

describe('history view', () => {
  it('follows `next` until the last page and keeps every entry once, oldest first', async () => {
    const pages: Record<string, { entries: Entry[]; next?: number }> = {
      '/h?limit=1000': { entries: [entry(0), entry(1)], next: 1 },
      '/h?limit=1000&after=1': { entries: [entry(2), entry(3)], next: 3 },
      '/h?limit=1000&after=3': { entries: [entry(4)] },
    };
    const asked: string[] = [];
    const entries = await loadHistory(async (path) => {
      asked.push(path);
      return pages[path];
    }, '/h');
    expect(asked).toEqual(Object.keys(pages));
    expect(entries.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops after a bounded number of pages if the server kept answering `next`', async () => {
    let calls = 0;
    const entries = await loadHistory(async () => ({ entries: [entry(calls)], next: ++calls }), '/h');
    expect(calls).toBe(50);
    expect(entries).toHaveLength(50);
  });

  it('shows the newest change first, the later revision first within the same instant', () => {
    const sorted = newestFirst([entry(0, '2026-11-01T08:00:00.000Z'), entry(1), entry(2), entry(3, '2026-11-02T08:00:00.000Z')]);
    expect(sorted.map((e) => e.revision)).toEqual([2, 1, 3, 0]);
  });
});
