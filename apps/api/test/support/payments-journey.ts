/**
 * Test support for the payment flow's e2e specs (payments*, tickets*, documents*, mail*): an app
 * with the payment-flow seams, families and orders seeded through the app's own command
 * runners (the journey routes are exercised by their own specs), tokens, PDF text.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredEvent } from '@periscol/event-store';
import type { FamilyCommand, FamilyState, IsoDate, PersonCommand, Slot } from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import { PDFParse } from 'pdf-parse';
import Stripe from 'stripe';
import request from 'supertest';
import type { TokenClaims } from '../../src/platform/auth/actor';
import { JwtTokenService } from '../../src/platform/auth/jwt-token.service';
import type { Scheduler } from '../../src/platform/scheduling/due-work.timer';
import type { MailServices } from '../../src/platform/mail/mail.config';
import { MAIL_SERVICES } from '../../src/platform/mail/mail.module';
import { PaymentsFlowOverridesModule, type PaymentsFlowOverrides } from '../../src/payments/payments-flow.overrides';
import { FamilyReads } from '@periscol/application';
import { TicketProcess } from '../../src/tickets/ticket-process';
import { FamilyCommandRunner } from '@periscol/application';
import { PersonCommandRunner } from '@periscol/application';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app';

export interface PaymentsAppOptions extends TestAppOptions {
  readonly overrides?: PaymentsFlowOverrides;
}

/** A scheduler whose timers never fire by themselves: the test dispatches e-mail when it wants. */
export const idleScheduler: Scheduler = { setTimeout: () => ({}), clearTimeout: () => undefined };

/** Records the dispatch timer's timeouts; `fireDue(maxDelayMs)` runs those asked for with at most that delay. */
export class ManualScheduler implements Scheduler {
  private pending: { run: () => void; delayMs: number }[] = [];

  setTimeout(run: () => void, delayMs: number): unknown {
    const entry = { run, delayMs };
    this.pending.push(entry);
    return entry;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((entry) => entry !== handle);
  }

  /** Delays of the timeouts waiting to fire. */
  delays(): number[] {
    return this.pending.map((entry) => entry.delayMs);
  }

  fireDue(maxDelayMs = 0): number {
    const due = this.pending.filter((entry) => entry.delayMs <= maxDelayMs);
    this.pending = this.pending.filter((entry) => entry.delayMs > maxDelayMs);
    for (const entry of due) entry.run();
    return due.length;
  }
}

/** Demo mode off (no demo families to seed at each start); tokens are signed with this secret. */
const TEST_JWT_SECRET = 'periscol-payments-e2e-secret-0123456789';

export function startPaymentsApp(options: PaymentsAppOptions = {}): Promise<TestApp> {
  const overrides: PaymentsFlowOverrides = { mailScheduler: idleScheduler, ...options.overrides };
  // Outside demo mode the simulated provider must be asked for (unless the test configures Stripe).
  const payments: Record<string, string> = options.env?.STRIPE_SECRET_KEY ? {} : { PERISCOL_PAYMENTS: 'simulated' };
  return startTestApp({
    ...options,
    env: { PERISCOL_LOG_LEVEL: 'silent', PERISCOL_DEMO: '0', PERISCOL_JWT_SECRET: TEST_JWT_SECRET, ...payments, ...options.env },
    imports: [PaymentsFlowOverridesModule.register(overrides), ...(options.imports ?? [])],
  });
}

export interface ChildSpec {
  readonly childId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly school?: string;
  readonly grade?: string;
  readonly activityIds: readonly string[];
}

export interface FamilySpec {
  readonly familyId: string;
  readonly name: string;
  readonly email: string;
  readonly quotientFamilial?: number | null;
  readonly resident?: boolean;
  readonly children: readonly ChildSpec[];
}

const seedActor = { userId: 'test:seed', role: 'admin' } as const;

function expectRight<T>(result: { _tag: 'Left'; left: { code: string; message: string } } | { _tag: 'Right'; right: T }, what: string): T {
  if (isLeft(result)) throw new Error(`${what} refused: ${result.left.code} ${result.left.message}`);
  return result.right;
}

export async function runFamily(t: TestApp, familyId: string, command: Omit<FamilyCommand, 'metadata'>, key: string) {
  const full = { ...command, metadata: { now: t.clock.now().toISOString() } } as FamilyCommand;
  return expectRight(await t.app.get(FamilyCommandRunner).run(familyId, full, { idempotencyKey: key, actor: seedActor }), command.type);
}

async function runPerson(t: TestApp, familyId: string, command: Omit<PersonCommand, 'metadata'>, key: string) {
  const full = { ...command, metadata: { now: t.clock.now().toISOString() } } as PersonCommand;
  return expectRight(await t.app.get(PersonCommandRunner).run(familyId, full, { idempotencyKey: key, actor: seedActor }), command.type);
}

/** Registers a family with its identity (person stream) and enrols its children. */
export async function seedFamily(t: TestApp, spec: FamilySpec): Promise<void> {
  const { familyId } = spec;
  await runFamily(t, familyId, { type: 'RegisterFamily', data: { familyId, resident: spec.resident ?? true } }, `seed:${familyId}:register`);
  await runPerson(t, familyId, { type: 'RecordFamilyIdentity', data: { familyId, name: spec.name, email: spec.email } }, `seed:${familyId}:identity`);
  if (spec.quotientFamilial !== undefined) {
    await runPerson(t, familyId, { type: 'UpdateQuotientFamilial', data: { quotientFamilial: spec.quotientFamilial } }, `seed:${familyId}:qf`);
  }
  for (const child of spec.children) {
    const { childId, firstName, lastName, activityIds } = child;
    await runPerson(
      t,
      familyId,
      { type: 'RecordChildIdentity', data: { childId, firstName, lastName, school: child.school ?? 'École Jules-Ferry', grade: child.grade ?? 'CE1' } },
      `seed:${familyId}:child:${childId}`,
    );
    await runFamily(t, familyId, { type: 'EnrolChild', data: { childId, activityIds } }, `seed:${familyId}:enrol:${childId}`);
  }
}

/** A reservation request (an order awaiting payment unless credit covers it). */
export async function requestOrder(t: TestApp, familyId: string, orderId: string, slots: readonly Slot[], quotientFamilial: number | null = null) {
  const result = await runFamily(
    t,
    familyId,
    { type: 'RequestReservation', data: { orderId, slots, pricing: { quotientFamilial } } },
    `seed:${familyId}:order:${orderId}`,
  );
  const order = result.state.orders.get(orderId);
  if (!order) throw new Error(`order ${orderId} not recorded`);
  return order;
}

export const slot = (childId: string, activityId: string, date: IsoDate): Slot => ({ childId, activityId, date });

/** Open canteen days with TEST_START (Thursday 2026-11-26): week 2026-W50 closes Tuesday 1 December 23:59. */
export const W50 = { monday: '2026-12-07', tuesday: '2026-12-08', thursday: '2026-12-10', friday: '2026-12-11' } as const;

export const LEA: ChildSpec = { childId: 'c-lea', firstName: 'Léa', lastName: 'Dupré', activityIds: ['restauration', 'accueil-soir'] };
export const NOAH: ChildSpec = { childId: 'c-noah', firstName: 'Noah', lastName: 'Dupré', grade: 'CP', activityIds: ['restauration'] };

export function dupreFamily(familyId = 'fam-dupre'): FamilySpec {
  return { familyId, name: 'Famille Dupré', email: 'parents.dupre@example.org', quotientFamilial: 650, children: [LEA, NOAH] };
}

/** A bearer token as the API issues them, valid from the app's clock's now. */
export function tokenFor(t: TestApp, claims: TokenClaims): string {
  return t.app.get(JwtTokenService).sign(claims);
}

export const parentToken = (t: TestApp, familyId: string) => tokenFor(t, { sub: `parent-${familyId}`, role: 'parent', familyId });
export const adminToken = (t: TestApp) => tokenFor(t, { sub: 'agent-1', role: 'admin' });
export const auditorToken = (t: TestApp) => tokenFor(t, { sub: 'auditor-1', role: 'auditor' });

export async function familyState(t: TestApp, familyId: string): Promise<FamilyState> {
  const state = await t.app.get(FamilyReads).familyState(familyId);
  if (!state) throw new Error(`no family ${familyId}`);
  return state;
}

export function mailServices(t: TestApp): MailServices {
  return t.app.get<MailServices>(MAIL_SERVICES);
}

export function ticketProcess(t: TestApp): TicketProcess {
  return t.app.get(TicketProcess);
}

export async function streamEvents(t: TestApp, streamId: string): Promise<readonly StoredEvent[]> {
  return (await t.store.readStream(streamId)).events;
}

export async function eventsOfType(t: TestApp, streamId: string, type: string): Promise<readonly StoredEvent[]> {
  return (await streamEvents(t, streamId)).filter((event) => event.type === type);
}

/** GET as a buffer (PDFs). */
export function getBinary(t: TestApp, path: string, token: string) {
  return request(t.url)
    .get(path)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
}

/** A PDF's text as a reader would extract it, whitespace (no-break spaces included) collapsed. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const text = await parser.getText();
    return text.pages
      .map((page) => page.text)
      .join(' ')
      .replace(/[\s\u00a0\u202f]+/g, ' ')
      .trim();
  } finally {
    await parser.destroy();
  }
}

/** `3,50 €` as the documents print it, whitespace normalised. */
export function euros(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${whole},${String(abs % 100).padStart(2, '0')} €`;
}

// ---------------------------------------------------------------------------------------------
// Stripe without the internet.

export const STRIPE_ENV = { STRIPE_SECRET_KEY: 'sk_test_periscol', STRIPE_WEBHOOK_SECRET: 'whsec_test_periscol' } as const;

export interface PaidEventSpec {
  readonly orderId: string;
  readonly paymentId: string;
  readonly familyId: string;
  readonly amountCents: number;
  readonly paymentIntent: string;
  readonly sessionId?: string;
  readonly type?: string;
  readonly eventId?: string;
  readonly paymentStatus?: 'paid' | 'unpaid';
  readonly created: Date;
}

/** A Stripe `checkout.session.*` event as Stripe would send it for one of our sessions. */
export function stripeCheckoutEvent(spec: PaidEventSpec): string {
  const type = spec.type ?? 'checkout.session.completed';
  return JSON.stringify({
    id: spec.eventId ?? `evt_${type.replace(/\W/g, '_')}_${spec.paymentIntent}`,
    object: 'event',
    type,
    created: Math.floor(spec.created.getTime() / 1000),
    livemode: false,
    data: {
      object: {
        id: spec.sessionId ?? `cs_test_${spec.paymentId}`,
        object: 'checkout.session',
        mode: 'payment',
        status: type === 'checkout.session.expired' ? 'expired' : 'complete',
        payment_status: spec.paymentStatus ?? 'paid',
        amount_total: spec.amountCents,
        currency: 'eur',
        client_reference_id: spec.orderId,
        metadata: { orderId: spec.orderId, paymentId: spec.paymentId, familyId: spec.familyId },
        payment_intent: spec.paymentIntent,
      },
    },
  });
}

export function stripeSignature(payload: string, signedAt: Date, secret: string = STRIPE_ENV.STRIPE_WEBHOOK_SECRET): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(signedAt.getTime() / 1000) });
}

export function postStripeWebhook(t: TestApp, payload: string, signature: string) {
  return request(t.url).post('/api/payments/stripe/webhook').set('Content-Type', 'application/json').set('Stripe-Signature', signature).send(payload);
}

/** A local server standing in for api.stripe.com: records each request, answers a session. */
export class FakeStripeApi {
  readonly requests: { method: string; path: string; headers: IncomingHttpHeaders; form: URLSearchParams }[] = [];
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  static async start(): Promise<FakeStripeApi> {
    const holder: { api?: FakeStripeApi } = {};
    const server = createServer((req, res) => {
      const api = holder.api;
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        api?.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, form });
        const id = `cs_test_${api?.requests.length ?? 0}`;
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${id}` });
        res.end(
          JSON.stringify({
            id,
            object: 'checkout.session',
            url: `https://checkout.stripe.com/c/pay/${id}`,
            expires_at: Number(form.get('expires_at')),
            amount_total: Number(form.get('line_items[0][price_data][unit_amount]')),
            currency: 'eur',
          }),
        );
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    holder.api = new FakeStripeApi(server, (server.address() as AddressInfo).port);
    return holder.api;
  }

  get clientOptions() {
    return { host: '127.0.0.1', port: this.port, protocol: 'http' as const, maxNetworkRetries: 0 };
  }

  async close(): Promise<void> {
    this.server.close();
    await once(this.server, 'close');
  }
}
