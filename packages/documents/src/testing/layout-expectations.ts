import { MARGIN } from '../pdf/document-builder';
import { boxOf, overlaps, PageGeometry } from './pdf-geometry';

/** Above this line only the footer is drawn. */
const CONTENT_BOTTOM = MARGIN + 30;

/** What is wrong with the pages' layout, one sentence per problem (empty when clean). */
export function layoutProblems(pages: readonly PageGeometry[]): string[] {
  const problems: string[] = [];
  if (pages.length === 0) problems.push('no page');
  for (const [index, page] of pages.entries()) {
    if (page.texts.length === 0) problems.push(`page ${index + 1}: no text read back`);
    for (const item of page.texts) {
      const box = boxOf(item);
      const where = `page ${item.page} « ${item.text} »`;
      if (box.left < MARGIN - 0.5 || box.right > page.width - MARGIN + 0.5) problems.push(`${where} crosses a side margin`);
      if (box.top > page.height - MARGIN + 0.5) problems.push(`${where} crosses the top margin`);
      const isFooter = item.baseline < MARGIN;
      if (isFooter ? box.bottom < MARGIN - 12 : box.bottom < CONTENT_BOTTOM - 2) problems.push(`${where} runs into the footer band`);
    }
    for (const [a, b] of overlaps(page.texts)) problems.push(`page ${a.page}: « ${a.text} » over « ${b.text} »`);
  }
  return problems;
}

/**
 * A page a person can read: every text inside the margins, nothing but the footer in the
 * footer band, no text drawn over another.
 */
export function expectCleanLayout(pages: readonly PageGeometry[]): void {
  expect(layoutProblems(pages)).toEqual([]);
}
