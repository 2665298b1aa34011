import { formatMonth } from '../format/date-format';
import { daysInMonth, firstEpochDayOfMonth, isoWeekdayOfEpochDay, YearMonth } from '../format/iso-date';
import { DocumentBuilder, HOLIDAY_FILL, INK, MUTED, OUTSIDE_FILL, RESERVED_FILL, RULE } from './document-builder';

const TITLE_HEIGHT = 14;
const WEEKDAY_HEIGHT = 11;
const CELL_HEIGHT = 17;
const WEEKDAYS = ['lu', 'ma', 'me', 'je', 've', 'sa', 'di'];
const MARK_SIZE = 7;

/** Height every grid takes, whatever the month (room for six week rows). */
export const MONTH_GRID_HEIGHT = TITLE_HEIGHT + WEEKDAY_HEIGHT + 6 * CELL_HEIGHT;

export interface MonthGrid {
  readonly month: YearMonth;
  /** Epoch day → the letters of the activities reserved that day ('AC'). */
  readonly marks: ReadonlyMap<number, string>;
  /** Days outside [from, to] (epoch days) are shaded and their number greyed. */
  readonly from: number;
  readonly to: number;
  /** Epoch days the service is closed for a school holiday or a bank holiday: shaded (layout 2). */
  readonly holidays?: ReadonlySet<number>;
}

/**
 * One month as a Monday-first calendar. A reserved day carries its activity letters in bold on
 * a green background: the letters alone say it, the colour only helps. Holidays (when given) are
 * shaded blue; the recap lists them in words as well.
 */
export function drawMonthGrid(builder: DocumentBuilder, x: number, top: number, width: number, grid: MonthGrid): void {
  const cellWidth = width / 7;
  builder.text(formatMonth(grid.month), x + width / 2, top - 10, { size: 9, bold: true, align: 'center', maxWidth: width });
  const weekdayBaseline = top - TITLE_HEIGHT - 8;
  WEEKDAYS.forEach((day, i) => builder.text(day, x + (i + 0.5) * cellWidth, weekdayBaseline, { size: 6.5, color: MUTED, align: 'center' }));

  const first = firstEpochDayOfMonth(grid.month);
  const days = daysInMonth(grid.month);
  const offset = isoWeekdayOfEpochDay(first) - 1;
  const rows = Math.ceil((offset + days) / 7);
  const gridTop = top - TITLE_HEIGHT - WEEKDAY_HEIGHT;

  for (let day = 1; day <= days; day++) {
    const epochDay = first + day - 1;
    const slot = offset + day - 1;
    const cellX = x + (slot % 7) * cellWidth;
    const cellTop = gridTop - Math.floor(slot / 7) * CELL_HEIGHT;
    const inside = epochDay >= grid.from && epochDay <= grid.to;
    const mark = inside ? grid.marks.get(epochDay) : undefined;
    if (!inside) builder.rect(cellX, cellTop - CELL_HEIGHT, cellWidth, CELL_HEIGHT, OUTSIDE_FILL);
    else if (mark) builder.rect(cellX, cellTop - CELL_HEIGHT, cellWidth, CELL_HEIGHT, RESERVED_FILL);
    else if (grid.holidays?.has(epochDay)) builder.rect(cellX, cellTop - CELL_HEIGHT, cellWidth, CELL_HEIGHT, HOLIDAY_FILL);
    builder.text(String(day), cellX + 2, cellTop - 6.5, { size: 5.5, color: inside ? INK : MUTED });
    if (mark) {
      const natural = builder.widthOf(mark, MARK_SIZE, true);
      const size = Math.max(3.5, Math.min(MARK_SIZE, (MARK_SIZE * (cellWidth - 3)) / natural));
      builder.text(mark, cellX + cellWidth / 2, cellTop - CELL_HEIGHT + 3, { size, bold: true, align: 'center', maxWidth: cellWidth - 2 });
    }
  }

  const gridBottom = gridTop - rows * CELL_HEIGHT;
  for (let row = 0; row <= rows; row++) builder.hline(gridTop - row * CELL_HEIGHT, x, x + width, RULE, 0.4);
  for (let col = 0; col <= 7; col++) builder.vline(x + col * cellWidth, gridTop, gridBottom, RULE, 0.4);
}
