import request from 'supertest';
import { OrderExpiryScheduler } from '../src/orders/order-expiry.scheduler';
import { ReadModels } from '@periscol/application';
import { TicketProcess } from '../src/tickets/ticket-process';
import type { TokenClaims } from '../src/platform/auth/actor';
import { JwtTokenService } from '../src/platform/auth/jwt-token.service';
import { newKey } from './support/http';
import { startTestApp, TestApp, TestAppOptions } from './support/test-app';

/**
 * Dates of the demo catalog seen from the test clock (Thursday 2026-11-26 09:00 UTC):
 * week 2026-W50 is open for every activity (canteen closes Tuesday 12-01 23:59 Paris).
 */
export const W50 = { week: '2026-W50', monday: '2026-12-07', tuesday: '2026-12-08', wednesday: '2026-12-09', thursday: '2026-12-10', friday: '2026-12-11' } as const;
export const W51 = { week: '2026-W51', monday: '2026-12-14', tuesday: '2026-12-15', wednesday: '2026-12-16', thursday: '2026-12-17', friday: '2026-12-18' } as const;
/** Canteen days of W49 closed on Tuesday 2026-11-24. */
export const PAST_DEADLINE_DAY = '2026-11-30';
export const CHRISTMAS_HOLIDAY_MONDAY = '2026-12-21';
export const AFTER_SCHOOL_YEAR_MONDAY = '2027-07-05';

export type Slot = { childId: string; activityId: string; date: string };
export const slot = (childId: string, activityId: string, date: string): Slot => ({ childId, activityId, date });

/** Martin (QF 612, canteen 2,10 €) and Bernard (QF 1250, canteen 4,10 €) are seeded in demo mode. */
export const MARTIN = { familyId: 'famille-martin', lea: 'lea-martin', hugo: 'hugo-martin' } as const;
export const BERNARD = { familyId: 'famille-bernard', ines: 'ines-bernard', nathan: 'nathan-bernard', jade: 'jade-bernard' } as const;
export const NGUYEN = { familyId: 'famille-nguyen', lina: 'lina-nguyen' } as const;

/** A test app with the journey wired (demo families seeded) and a small HTTP client. */
export class JourneyApp {
  private constructor(readonly t: TestApp) {}

  static async start(options: TestAppOptions = {}): Promise<JourneyApp> {
    return new JourneyApp(await startTestApp({ ...options, env: { PERISCOL_LOG_LEVEL: 'silent', ...options.env } }));
  }

  get url(): string {
    return this.t.url;
  }

  get clock() {
    return this.t.clock;
  }

  get store() {
    return this.t.store;
  }

  /** A bearer token (signed at the test clock's now): a staff role (`admin`, `auditor`, `agent`, `regisseur`), or a family id (that family's parent). */
  token(who: string): string {
    const staff = ['admin', 'auditor', 'agent', 'regisseur'].includes(who);
    const claims = staff ? { sub: `test-${who}`, role: who } : { sub: `test-parent-${who}`, role: 'parent' as const, familyId: who };
    return this.t.app.get(JwtTokenService).sign(claims as TokenClaims);
  }

  get(path: string, as: string) {
    return request(this.t.url).get(path).auth(this.token(as), { type: 'bearer' });
  }

  post(path: string, as: string, body: object = {}, key: string | null = newKey()) {
    const req = request(this.t.url).post(path).auth(this.token(as), { type: 'bearer' });
    return (key === null ? req : req.set('Idempotency-Key', key)).send(body);
  }

  reserve(familyId: string, slots: readonly Slot[], key?: string, as = familyId) {
    return this.post(`/api/families/${familyId}/reservations`, as, { slots }, key);
  }

  cancel(familyId: string, slots: readonly Slot[], key?: string, as = familyId) {
    return this.post(`/api/families/${familyId}/cancellations`, as, { slots }, key);
  }

  async planning(familyId: string, week: string, as = familyId) {
    return (await this.get(`/api/families/${familyId}/planning?week=${week}`, as).expect(200)).body as Planning;
  }

  /** The status of one slot in the planning. */
  async slotStatus(familyId: string, week: string, s: Slot): Promise<PlanningSlot | undefined> {
    const planning = await this.planning(familyId, week);
    return planning.children.find((c) => c.childId === s.childId)?.days.find((d) => d.date === s.date)?.slots.find((x) => x.activityId === s.activityId);
  }

  async balance(familyId: string): Promise<number> {
    return ((await this.get(`/api/families/${familyId}/credits`, familyId).expect(200)).body as { balanceCents: number }).balanceCents;
  }

  grant(familyId: string, amountCents: number, reason = 'Absence justifiée (certificat médical)') {
    return this.post(`/api/admin/families/${familyId}/credits`, 'admin', { amountCents, reason });
  }

  async verify() {
    return (await this.get('/api/audit/verify', 'auditor').expect(200)).body as { ok: boolean; eventsChecked: number; checks: { name: string; ok: boolean; detail: string; violations: Record<string, unknown>[] }[] };
  }

  /**
   * Waits until the processes that follow the store (read models, ticket and credit-note
   * numbering) have handled everything in it, including what they append themselves.
   */
  async settle(): Promise<void> {
    const tickets = this.t.app.get(TicketProcess, { strict: false });
    for (;;) {
      const head = await this.t.store.headPosition();
      await this.readModels().waitFor(head);
      await tickets.waitFor(head);
      if ((await this.t.store.headPosition()) === head) return;
    }
  }

  expireDue() {
    return this.t.app.get(OrderExpiryScheduler).expireDue();
  }

  readModels(): ReadModels {
    return this.t.app.get(ReadModels);
  }

  close(options?: { keepData?: boolean }) {
    return this.t.close(options);
  }
}

export interface PlanningSlot {
  activityId: string;
  status: string;
  priceCents: number | null;
  orderId?: string;
  cancellable: boolean;
}
export interface Planning {
  familyId: string;
  week: string;
  children: { childId: string; firstName: string | null; days: { date: string; slots: PlanningSlot[] }[] }[];
}
