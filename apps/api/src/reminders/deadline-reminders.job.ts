import type { FamilyReads } from '@periscol/application';
import { isoWeekOf, reminderLinesFor, remindersDueAt, type Catalog, type WeeklyReminder } from '@periscol/reservation-domain';
import type { Logger } from 'pino';
import type { MailServices } from '../platform/mail/mail.config';
import type { Scheduler } from '../platform/scheduling/due-work.timer';
import { PeriodicCheck } from '../platform/scheduling/periodic-check';
import { deadlineReminderEmail, deadlineReminderMessageId } from './deadline-reminder.email';

/** Looks for due reminders this often: a reminder goes out within this delay of its day-before. */
export const REMINDER_CHECK_EVERY_MS = 60 * 60_000;

export interface DeadlineRemindersDeps {
  readonly reads: Pick<FamilyReads, 'familyIds' | 'familyState' | 'person'>;
  readonly catalog: () => Catalog;
  readonly mail: Pick<MailServices, 'outbox' | 'timer'>;
  /** The parents' portal, linked from the e-mail. */
  readonly portalUrl: string;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly scheduler?: Scheduler;
}

/**
 * The e-mail the day before a weekly reservation deadline (`remindersDueAt`, `reminderLinesFor`
 * in the domain) to every family with a child enrolled and nothing reserved for the week, unless
 * it turned reminders off. Checked once an hour (the first check an hour after start); one e-mail
 * per family, week and deadline whatever the number of checks, processes or hosts: its
 * Message-ID is its key in the outbox.
 */
export class DeadlineReminders {
  /** Deadlines of which every family has been looked at (again after a restart: the outbox dedups). */
  private readonly done = new Set<string>();
  private readonly check: PeriodicCheck;

  constructor(private readonly deps: DeadlineRemindersDeps) {
    this.check = new PeriodicCheck({
      everyMs: REMINDER_CHECK_EVERY_MS,
      run: (now) => this.runDue(now),
      clock: deps.clock,
      onError: (error) => deps.logger.error({ err: error }, 'deadline reminders failed; next check in an hour'),
      ...(deps.scheduler ? { scheduler: deps.scheduler } : {}),
    });
  }

  start(): void {
    this.check.start();
  }

  stop(): Promise<void> {
    return this.check.stop();
  }

  /** Enqueues the reminders due at `now`; returns how many were enqueued. */
  async runDue(now: Date): Promise<number> {
    let enqueued = 0;
    for (const reminder of remindersDueAt(this.deps.catalog(), now.toISOString())) {
      const key = `${reminder.week}:${reminder.deadline}`;
      if (this.done.has(key)) continue;
      for (const familyId of await this.deps.reads.familyIds()) enqueued += await this.remind(familyId, reminder);
      this.done.add(key);
    }
    if (enqueued > 0) {
      this.deps.logger.info({ enqueued }, 'deadline reminders enqueued');
      this.deps.mail.timer.kick();
    }
    return enqueued;
  }

  private async remind(familyId: string, reminder: WeeklyReminder): Promise<number> {
    const family = await this.deps.reads.familyState(familyId);
    if (!family || family.erasedAt !== null) return 0;
    const lines = reminderLinesFor(family, reminder);
    if (lines.length === 0) return 0;
    const person = await this.deps.reads.person(familyId);
    if (!person?.email || !person.deadlineReminders) return 0;
    const catalog = this.deps.catalog();
    const labels = new Map(reminder.activities.map((activity) => [activity.activityId, activity.label]));
    const outcome = await this.deps.mail.outbox.enqueue(
      deadlineReminderEmail({
        familyId,
        week: reminder.week,
        key: reminder.activities[0].activityId,
        to: person.email,
        municipality: catalog.municipality.name,
        contact: catalog.municipality.contact,
        deadline: new Date(reminder.deadline),
        weekStart: reminder.activities.map((activity) => activity.days[0]).sort()[0],
        lines: lines.map((line) => ({ childName: person.children.get(line.childId)?.firstName ?? line.childId, activityLabel: labels.get(line.activityId) ?? line.activityId })),
        portalUrl: this.deps.portalUrl,
        timeZone: catalog.timezone,
      }),
    );
    return outcome.outcome === 'enqueued' ? 1 : 0;
  }
}

/**
 * The Message-IDs of every reminder a family may have been sent, from its registration week to
 * two weeks after `until` (R17: erased with the family's other e-mails).
 */
export function possibleReminderMessageIds(catalog: Catalog, familyId: string, registeredAt: string, until: Date): string[] {
  const weekly = catalog.activities.filter((activity) => 'weekly' in activity.deadline).map((activity) => activity.id);
  if (weekly.length === 0) return [];
  const ids: string[] = [];
  const end = until.getTime() + 14 * 86_400_000;
  for (let at = Date.parse(registeredAt) - 7 * 86_400_000; at <= end; at += 7 * 86_400_000) {
    const week = isoWeekOf(new Date(at).toISOString().slice(0, 10));
    for (const activityId of weekly) ids.push(deadlineReminderMessageId(familyId, week, activityId));
  }
  return [...new Set(ids)];
}
