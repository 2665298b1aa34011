/**
 * Builders for tests of the family decider: commands, slots, and a history built by running
 * commands through the real decider (so `given` events are the ones production would record).
 */
import * as E from 'fp-ts/Either';
import type { Instant, IsoDate } from '../shared';
import {
  evolveFamily,
  initialFamilyState,
  type FamilyCommand,
  type FamilyCommandType,
  type FamilyDecider,
  type FamilyEvent,
  type FamilyState,
  type Slot,
} from '../family';

export type CommandOf<T extends FamilyCommandType> = Extract<FamilyCommand, { type: T }>;

export function familyCommand<T extends FamilyCommandType>(type: T, data: CommandOf<T>['data'], now: Instant): CommandOf<T> {
  return { type, data, metadata: { now } } as CommandOf<T>;
}

/** The value, or a thrown error naming what was missing (tests: no `!`). */
export function defined<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`Expected ${what}`);
  return value;
}

export function slot(childId: string, activityId: string, date: IsoDate): Slot {
  return { childId, activityId, date };
}

/** Dates of the demo catalog (school year 2026–2027, Europe/Paris) that tests lean on. */
const dates = {
  /** Monday of ISO week 2026-W37: canteen days of the next week (W38) are still open. */
  now: '2026-09-07T08:00:00.000Z',
  week: '2026-W38',
  monday: '2026-09-14',
  tuesday: '2026-09-15',
  wednesday: '2026-09-16',
  thursday: '2026-09-17',
  friday: '2026-09-18',
  /** Canteen days of W38 close Tuesday 2026-09-08 23:59 Paris (UTC+2). */
  canteenDeadlineW38: '2026-09-08T21:59:59.999Z',
  /** Cancelling Monday 2026-09-14 closes two working days before, Thursday 12:00 Paris. */
  canteenCancellationDeadlineMonday: '2026-09-10T10:00:59.999Z',
  /** Toussaint holidays. */
  holiday: '2026-10-19',
  beforeSchoolYear: '2026-08-31',
};
export const demoDates: Readonly<typeof dates> = Object.freeze(dates);

/** Runs commands through a decider, keeping the events and the state; a refusal throws. */
export class FamilyHistory {
  private recorded: FamilyEvent[] = [];
  private current: FamilyState;

  constructor(
    private readonly decider: FamilyDecider,
    events: readonly FamilyEvent[] = [],
  ) {
    this.current = initialFamilyState();
    this.append(events);
  }

  get events(): readonly FamilyEvent[] {
    return this.recorded;
  }

  get state(): FamilyState {
    return this.current;
  }

  /** Runs one command; returns the events it appended. */
  run(command: FamilyCommand): readonly FamilyEvent[] {
    const decision = this.decider.decide(command, this.current);
    if (E.isLeft(decision)) {
      throw new Error(`${command.type} was refused: ${decision.left.code} ${decision.left.message}`);
    }
    this.append(decision.right);
    return decision.right;
  }

  append(events: readonly FamilyEvent[]): this {
    for (const event of events) {
      this.recorded.push(event);
      this.current = evolveFamily(this.current, event);
    }
    return this;
  }
}
