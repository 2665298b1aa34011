/**
 * A small in-memory stand-in for the API, written from docs/http.md, serving the portal's static
 * files as the real API does. It lets the portal's browser tests run while `apps/api` is being
 * wired, and lets a test inject faults (a 503 before the first success) the real API never shows
 * on demand. It is not the product: the journey also runs against the real API in
 * portal.e2e.spec.ts. Rules are simplified (winter time only, one price per activity).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

type Role = 'parent' | 'admin' | 'auditor';
type RequestBody = { role?: Role; familyId?: string; reserve?: Slot[]; cancel?: Slot[]; slots?: Slot[] };
type Slot = { childId: string; activityId: string; date: string };
type SlotState = { status: 'pending' | 'reserved'; orderId: string; priceCents: number };
type OrderStatus = 'awaiting_payment' | 'awaiting_confirmation' | 'confirmed' | 'expired';
interface Order {
  orderId: string;
  familyId: string;
  status: OrderStatus;
  lines: Array<Slot & { unitPriceCents: number }>;
  totalCents: number;
  creditAppliedCents: number;
  amountDueCents: number;
  requestedAt: string;
  expiresAt: string;
}
interface Family {
  familyId: string;
  name: string;
  email: string;
  quotientFamilial: number | null;
  resident: boolean;
  children: Array<{ childId: string; firstName: string; lastName: string; school: string; grade: string; activityIds: string[] }>;
}
interface Movement { at: string; kind: string; amountCents: number; sourceId: string }
class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const CATALOG = {
  municipality: { id: 'demo', name: 'Ville de Démonstration' },
  timezone: 'Europe/Paris',
  schoolYear: { start: '2026-09-01', end: '2027-07-03' },
  closedDates: [{ from: '2026-12-19', to: '2027-01-03', label: 'Vacances de Noël' }],
  activities: [
    { id: 'restauration', label: 'Restauration scolaire', weekdays: [1, 2, 4, 5], priceCents: 320 },
    { id: 'accueil-soir', label: 'Accueil du soir', weekdays: [1, 2, 4, 5], priceCents: 250 },
    { id: 'mercredi', label: 'Accueil du mercredi', weekdays: [3], priceCents: 1200 },
  ],
};

const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const winterInstant = (date: string, time: string) => new Date(`${date}T${time}:59.999+01:00`).toISOString();
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`fake: unknown ${what}`);
  return value;
}
const fakeEuros = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')} €`;
const plural = (count: number, word: string) => `${count} ${word}${count > 1 ? 's' : ''}`;
const key = (s: Slot) => `${s.childId}|${s.activityId}|${s.date}`;

function isoWeekMonday(week: string): string {
  const [year, w] = week.split('-W').map(Number);
  const jan4 = `${year}-01-04`;
  return addDays(addDays(jan4, 1 - weekday(jan4)), (w - 1) * 7);
}

export interface RecordedRequest { method: string; path: string; idempotencyKey?: string; body: unknown; status: number }

export class ContractApiFake {
  now = new Date('2026-11-26T09:00:00.000Z');
  readonly requests: RecordedRequest[] = [];
  /** Answer the next N calls of `METHOD /path-pattern` with 503 (a transient failure). */
  readonly faults: Array<{ method: string; pattern: RegExp; remaining: number }> = [];
  private server?: Server;
  private baseUrl = '';
  private readonly families = new Map<string, Family>();
  private readonly slots = new Map<string, Map<string, SlotState>>();
  private readonly orders = new Map<string, Order>();
  private readonly cancellations = new Map<string, { cancellationId: string; familyId: string; lines: Array<Slot & { creditCents: number }>; totalCents: number; creditBalanceCents: number; cancelledAt: string }>();
  private readonly credits = new Map<string, { balanceCents: number; movements: Movement[] }>();
  private readonly payments = new Map<string, Array<{ paymentId: string; orderId: string; amountCents: number; paidAt: string; ticketNumber: string }>>();
  private readonly sessions = new Map<string, { orderId: string; amountCents: number; familyId: string }>();
  private readonly idempotent = new Map<string, { bodyHash: string; status: number; body: unknown }>();
  private ticketSequence = 0;
  /** « Historique » (GET …/history), simplified: the changes this fake makes, oldest first. */
  private readonly history = new Map<string, Array<{ at: string; type: string; summary: string; amountCents?: number; [id: string]: unknown }>>();

  constructor(private readonly publicDir: string) {
    for (const family of [
      { familyId: 'fam-martin', name: 'Famille Martin', email: 'martin@example.org', quotientFamilial: 900, resident: true, children: [
        { childId: 'lea', firstName: 'Léa', lastName: 'Martin', school: 'École Jules-Ferry', grade: 'CE1', activityIds: ['restauration', 'accueil-soir'] },
        { childId: 'hugo', firstName: 'Hugo', lastName: 'Martin', school: 'École Jules-Ferry', grade: 'CM2', activityIds: ['restauration', 'mercredi'] },
      ] },
      { familyId: 'fam-bernard', name: 'Famille Bernard', email: 'bernard@example.org', quotientFamilial: null, resident: true, children: [
        { childId: 'ines', firstName: 'Inès', lastName: 'Bernard', school: 'École Pasteur', grade: 'CP', activityIds: ['restauration'] },
      ] },
    ]) {
      this.families.set(family.familyId, family);
      this.slots.set(family.familyId, new Map());
      this.credits.set(family.familyId, { balanceCents: 0, movements: [] });
      this.payments.set(family.familyId, []);
      this.history.set(family.familyId, [{ at: '2026-09-01T06:00:00.000Z', type: 'FamilyRegistered', summary: 'Famille inscrite aux services périscolaires (résidente de la commune)' }]);
    }
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname + url.search, idempotencyKey: req.headers['idempotency-key'] as string | undefined, body: undefined, status: 0 };
    const send = (status: number, body: unknown, type = 'application/json') => {
      record.status = status;
      if (url.pathname.startsWith('/api/')) this.requests.push(record);
      res.writeHead(status, { 'Content-Type': type });
      res.end(Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body));
    };
    try {
      const fault = this.faults.find((f) => f.method === req.method && f.pattern.test(url.pathname) && f.remaining > 0);
      if (fault) {
        fault.remaining -= 1;
        throw new HttpError(503, 'UNAVAILABLE', 'Service momentanément indisponible');
      }
      if (!url.pathname.startsWith('/api/') && !url.pathname.startsWith('/pay/')) return await this.serveStatic(url.pathname, send);
      if (url.pathname.startsWith('/pay/')) {
        this.payPage(req.method ?? 'GET', url.pathname, res);
        return;
      }
      const body = raw ? JSON.parse(raw) : undefined;
      record.body = body;
      const mutating = req.method === 'POST' && !/\/quote$|\/auth\/demo-token$/.test(url.pathname);
      if (mutating) {
        const idemKey = record.idempotencyKey;
        if (!idemKey) throw new HttpError(400, 'IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key manquant');
        const bodyHash = createHash('sha256').update(raw).digest('hex');
        const stored = this.idempotent.get(`${url.pathname}|${idemKey}`);
        if (stored) {
          if (stored.bodyHash !== bodyHash) throw new HttpError(409, 'IDEMPOTENCY_KEY_REUSED', 'Clé déjà utilisée');
          return send(stored.status, stored.body);
        }
        const [status, result] = this.route(req, url, body);
        this.idempotent.set(`${url.pathname}|${idemKey}`, { bodyHash, status, body: result });
        return send(status, result, Buffer.isBuffer(result) ? 'application/pdf' : 'application/json');
      }
      const [status, result] = this.route(req, url, body);
      send(status, result, Buffer.isBuffer(result) ? 'application/pdf' : 'application/json');
    } catch (error) {
      if (error instanceof HttpError) send(error.status, { error: { code: error.code, message: error.message, details: [] } });
      else send(500, { error: { code: 'INTERNAL', message: String(error), details: [] } });
    }
  }

  private async serveStatic(pathname: string, send: (status: number, body: unknown, type?: string) => void) {
    const file = normalize(join(this.publicDir, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(this.publicDir)) return send(404, 'not found', 'text/plain');
    try {
      send(200, await readFile(file), MIME[extname(file)] ?? 'application/octet-stream');
    } catch {
      send(404, 'not found', 'text/plain');
    }
  }

  private actor(req: IncomingMessage): { role: Role; familyId?: string } {
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    try {
      return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    } catch {
      throw new HttpError(401, 'UNAUTHENTICATED', 'Jeton manquant ou invalide');
    }
  }

  private family(req: IncomingMessage, familyId: string): Family {
    const actor = this.actor(req);
    const family = this.families.get(familyId);
    if (!family || (actor.role === 'parent' && actor.familyId !== familyId)) throw new HttpError(404, 'NOT_FOUND', 'Introuvable');
    return family;
  }

  private route(req: IncomingMessage, url: URL, body: RequestBody = {}): [number, unknown] {
    const p = url.pathname;
    let m: RegExpExecArray | null;
    if (p === '/api/auth/demo-token' && req.method === 'POST') return [201, { token: `${b64url({ alg: 'none' })}.${b64url({ sub: body.familyId ?? body.role, role: body.role, familyId: body.familyId })}.fake` }];
    if (p === '/api/catalog') return [200, CATALOG];
    if (p === '/api/admin/families') {
      if (this.actor(req).role !== 'admin') throw new HttpError(403, 'FORBIDDEN', 'Réservé aux agents');
      return [200, [...this.families.values()].map((f) => this.familyView(f))];
    }
    if ((m = /^\/api\/families\/([^/]+)(\/.*)?$/.exec(p))) {
      const family = this.family(req, decodeURIComponent(m[1]));
      const rest = m[2] ?? '';
      if (rest === '' && req.method === 'GET') return [200, this.familyView(family)];
      if (rest === '/planning') return [200, this.planning(family, url.searchParams.get('week') ?? '')];
      if (rest === '/quote') return [200, this.quote(family, body.reserve ?? [], body.cancel ?? [])];
      if (rest === '/reservations' && req.method === 'POST') return [201, this.reserve(family, body.slots ?? [])];
      if (rest === '/cancellations' && req.method === 'POST') return [201, this.cancel(family, body.slots ?? [])];
      if (rest === '/credits') return [200, this.credits.get(family.familyId)];
      if (rest === '/payments') return [200, this.payments.get(family.familyId)];
      if (rest === '/history') {
        const entries = must(this.history.get(family.familyId), 'family').map((entry, revision) => ({ position: revision + 1, revision, ...entry }));
        return [200, { familyId: family.familyId, entries }];
      }
      if (rest === '/recap.pdf') return [200, PDF];
    }
    if ((m = /^\/api\/orders\/([^/]+)(\/.*)?$/.exec(p))) {
      const order = this.orders.get(decodeURIComponent(m[1]));
      if (!order) throw new HttpError(404, 'NOT_FOUND', 'Introuvable');
      this.family(req, order.familyId);
      const action = m[2] ?? '';
      if (action === '' && req.method === 'GET') return [200, this.orderView(order)];
      if (action === '/pdf') return [200, PDF];
      if (action === '/confirm' && req.method === 'POST') {
        if (this.orderView(order).action !== 'ok') throw new HttpError(422, 'ACTION_NOT_ALLOWED', 'OK impossible');
        this.confirm(order);
        return [200, this.orderView(order)];
      }
      if (action === '/checkout' && req.method === 'POST') {
        if (this.orderView(order).action !== 'pay') throw new HttpError(422, 'ACTION_NOT_ALLOWED', 'Paiement impossible');
        const sessionId = randomUUID();
        this.sessions.set(sessionId, { orderId: order.orderId, amountCents: order.amountDueCents, familyId: order.familyId });
        return [200, { checkoutUrl: `${this.baseUrl}/pay/${sessionId}` }];
      }
      if (action === '/abandon' && req.method === 'POST') {
        this.expire(order);
        return [200, this.orderView(order)];
      }
    }
    if ((m = /^\/api\/cancellations\/([^/]+)(\/pdf)?$/.exec(p))) {
      const cancellation = this.cancellations.get(decodeURIComponent(m[1]));
      if (!cancellation) throw new HttpError(404, 'NOT_FOUND', 'Introuvable');
      this.family(req, cancellation.familyId);
      return [200, m[2] ? PDF : cancellation];
    }
    if ((m = /^\/api\/payments\/([^/]+)\/ticket\.pdf$/.exec(p))) return [200, PDF];
    throw new HttpError(404, 'NOT_FOUND', `Route inconnue : ${req.method} ${p}`);
  }

  private held(familyId: string) {
    return must(this.slots.get(familyId), 'family');
  }

  private credit(familyId: string) {
    return must(this.credits.get(familyId), 'family');
  }

  private paid(familyId: string) {
    return must(this.payments.get(familyId), 'family');
  }

  private price(activityId: string) {
    return must(this.activity(activityId), 'activity').priceCents;
  }

  private familyView(family: Family) {
    return { ...family, creditBalanceCents: this.credit(family.familyId).balanceCents };
  }

  private activity(id: string) {
    return CATALOG.activities.find((a) => a.id === id);
  }

  private reservationDeadline(activityId: string, date: string) {
    if (activityId === 'accueil-soir') return winterInstant(addDays(date, -1), '18:00');
    const previousMonday = addDays(date, 1 - weekday(date) - 7);
    return activityId === 'mercredi' ? winterInstant(addDays(previousMonday, 3), '12:00') : winterInstant(addDays(previousMonday, 1), '23:59');
  }

  private cancellationDeadline(activityId: string, date: string) {
    let day = date;
    for (let n = 0; n < 2; ) {
      day = addDays(day, -1);
      if (weekday(day) <= 5) n += 1;
    }
    return activityId === 'accueil-soir' ? this.reservationDeadline(activityId, date) : winterInstant(day, '12:00');
  }

  private closed(activityId: string, date: string) {
    const activity = this.activity(activityId);
    return !activity || !activity.weekdays.includes(weekday(date)) || CATALOG.closedDates.some((c) => c.from <= date && date <= c.to);
  }

  private planning(family: Family, week: string) {
    if (!/^\d{4}-W\d{2}$/.test(week)) throw new HttpError(400, 'VALIDATION_FAILED', 'week attendu : 2026-W50');
    const monday = isoWeekMonday(week);
    const held = this.held(family.familyId);
    return {
      familyId: family.familyId,
      week,
      children: family.children.map((child) => ({
        childId: child.childId,
        days: Array.from({ length: 7 }, (_, i) => addDays(monday, i)).map((date) => ({
          date,
          slots: child.activityIds.map((activityId) => {
            const state = held.get(key({ childId: child.childId, activityId, date }));
            const reservationDeadline = this.reservationDeadline(activityId, date);
            const cancellationDeadline = this.cancellationDeadline(activityId, date);
            const status = this.closed(activityId, date) ? 'closed' : state ? state.status : this.now.toISOString() > reservationDeadline ? 'locked' : 'free';
            const cancellable = status === 'reserved' && this.now.toISOString() <= cancellationDeadline;
            return { activityId, status, priceCents: state?.priceCents ?? this.price(activityId), orderId: state?.orderId, reservationDeadline, cancellationDeadline, cancellable };
          }),
        })),
      })),
    };
  }

  private checkReservable(family: Family, slots: Slot[]) {
    if (!Array.isArray(slots) || slots.length === 0) throw new HttpError(422, 'EMPTY_REQUEST', 'Demande vide');
    const held = this.held(family.familyId);
    for (const slot of slots) {
      if (!family.children.find((c) => c.childId === slot.childId)?.activityIds.includes(slot.activityId)) throw new HttpError(422, 'NOT_ENROLLED', 'Non inscrit');
      if (this.closed(slot.activityId, slot.date)) throw new HttpError(422, 'DAY_CLOSED', 'Fermé');
      if (this.now.toISOString() > this.reservationDeadline(slot.activityId, slot.date)) throw new HttpError(422, 'DEADLINE_PASSED', 'Délai dépassé');
      if (held.has(key(slot))) throw new HttpError(409, 'SLOT_TAKEN', 'Déjà pris');
    }
  }

  private checkCancellable(family: Family, slots: Slot[]) {
    if (!Array.isArray(slots) || slots.length === 0) throw new HttpError(422, 'EMPTY_REQUEST', 'Demande vide');
    const held = this.held(family.familyId);
    for (const slot of slots) {
      const state = held.get(key(slot));
      if (!state) throw new HttpError(422, 'NOT_RESERVED', 'Non réservé');
      if (state.status === 'pending') throw new HttpError(422, 'SLOT_PENDING', 'En attente');
      if (this.now.toISOString() > this.cancellationDeadline(slot.activityId, slot.date)) throw new HttpError(422, 'DEADLINE_PASSED', 'Délai dépassé');
    }
  }

  private quote(family: Family, reserve: Slot[], cancel: Slot[]) {
    if (reserve.length) this.checkReservable(family, reserve);
    if (cancel.length) this.checkCancellable(family, cancel);
    const held = this.held(family.familyId);
    const reserveLines = reserve.map((s) => ({ ...s, unitPriceCents: this.price(s.activityId) }));
    const cancelLines = cancel.map((s) => ({ ...s, creditCents: must(held.get(key(s)), 'slot').priceCents }));
    const totalCents = reserveLines.reduce((sum, l) => sum + l.unitPriceCents, 0);
    const creditAppliedCents = Math.min(this.credit(family.familyId).balanceCents, totalCents);
    return {
      reservation: { lines: reserveLines, totalCents, creditAppliedCents, amountDueCents: totalCents - creditAppliedCents },
      cancellation: { lines: cancelLines, totalCents: cancelLines.reduce((sum, l) => sum + l.creditCents, 0) },
    };
  }

  private reserve(family: Family, slots: Slot[]) {
    this.checkReservable(family, slots);
    const { reservation } = this.quote(family, slots, []);
    const orderId = `ord-${this.orders.size + 1}`;
    const order: Order = { orderId, familyId: family.familyId, status: reservation.amountDueCents === 0 ? 'awaiting_confirmation' : 'awaiting_payment', lines: reservation.lines, totalCents: reservation.totalCents, creditAppliedCents: reservation.creditAppliedCents, amountDueCents: reservation.amountDueCents, requestedAt: this.now.toISOString(), expiresAt: new Date(this.now.getTime() + 3_600_000).toISOString() };
    this.orders.set(orderId, order);
    const creditText = order.creditAppliedCents ? ` (avoir déduit : ${fakeEuros(order.creditAppliedCents)}, reste à payer : ${fakeEuros(order.amountDueCents)})` : '';
    this.log(family.familyId, 'ReservationRequested', `Demande de réservation de ${plural(slots.length, 'jour')} — ${fakeEuros(order.totalCents)}${creditText}`, order.totalCents, { orderId: order.orderId });
    for (const line of order.lines) this.held(family.familyId).set(key(line), { status: 'pending', orderId, priceCents: line.unitPriceCents });
    const credit = this.credit(family.familyId);
    if (order.creditAppliedCents) {
      credit.balanceCents -= order.creditAppliedCents;
      credit.movements.push({ at: order.requestedAt, kind: 'applied', amountCents: -order.creditAppliedCents, sourceId: orderId });
    }
    return this.orderView(order);
  }

  private cancel(family: Family, slots: Slot[]) {
    this.checkCancellable(family, slots);
    const held = this.held(family.familyId);
    const cancellationId = `ann-${this.cancellations.size + 1}`;
    const lines = slots.map((s) => ({ ...s, creditCents: must(held.get(key(s)), 'slot').priceCents }));
    for (const slot of slots) held.delete(key(slot));
    const totalCents = lines.reduce((sum, l) => sum + l.creditCents, 0);
    const credit = this.credit(family.familyId);
    credit.balanceCents += totalCents;
    credit.movements.push({ at: this.now.toISOString(), kind: 'cancellation', amountCents: totalCents, sourceId: cancellationId });
    const cancellation = { cancellationId, familyId: family.familyId, lines, totalCents, creditBalanceCents: credit.balanceCents, cancelledAt: this.now.toISOString() };
    this.cancellations.set(cancellationId, cancellation);
    this.log(family.familyId, 'ReservationCancelled', `Annulation de ${plural(lines.length, 'jour')} — ${fakeEuros(totalCents)}`, totalCents);
    return cancellation;
  }

  /** `ids`: what the entry links to (orderId, paymentId, cancellationId, ticketNumber), as GET …/history gives them. */
  private log(familyId: string, type: string, summary: string, amountCents?: number, ids: Record<string, string> = {}) {
    must(this.history.get(familyId), 'family').push({ at: this.now.toISOString(), type, summary, ...(amountCents === undefined ? {} : { amountCents }), ...ids });
  }

  private confirm(order: Order, paymentId?: string) {
    order.status = 'confirmed';
    const via = order.amountDueCents === 0 ? "Réservation validée (« OK », réglée par l'avoir)" : 'Réservation validée par le paiement';
    this.log(order.familyId, 'ReservationConfirmed', `${via} — ${fakeEuros(order.totalCents)}`, order.totalCents, { orderId: order.orderId, ...(paymentId ? { paymentId } : {}) });
    for (const line of order.lines) this.held(order.familyId).set(key(line), { status: 'reserved', orderId: order.orderId, priceCents: line.unitPriceCents });
  }

  private expire(order: Order) {
    if (order.status === 'confirmed' || order.status === 'expired') throw new HttpError(422, 'ORDER_NOT_PENDING', 'Commande non en attente');
    order.status = 'expired';
    for (const line of order.lines) this.held(order.familyId).delete(key(line));
    const credit = this.credit(order.familyId);
    if (order.creditAppliedCents) {
      credit.balanceCents += order.creditAppliedCents;
      credit.movements.push({ at: this.now.toISOString(), kind: 'released', amountCents: order.creditAppliedCents, sourceId: order.orderId });
    }
  }

  private orderView(order: Order) {
    const pending = order.status === 'awaiting_payment' || order.status === 'awaiting_confirmation';
    return { ...order, action: !pending ? 'none' : order.amountDueCents === 0 ? 'ok' : 'pay' };
  }

  private payPage(method: string, pathname: string, res: ServerResponse) {
    const [, , sessionId, action] = pathname.split('/');
    const session = this.sessions.get(sessionId);
    if (!session) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('session inconnue');
    }
    const order = must(this.orders.get(session.orderId), 'order');
    const back = `${this.baseUrl}/#/commande/${order.orderId}`;
    if (method === 'POST' && action === 'pay') {
      if (order.status === 'awaiting_payment') {
        const paymentId = `pay-${sessionId}`;
        this.log(order.familyId, 'PaymentConfirmed', `Paiement reçu — ${fakeEuros(session.amountCents)}`, session.amountCents, { orderId: order.orderId, paymentId });
        this.confirm(order, paymentId);
        const ticketNumber = `R-2026-${String(++this.ticketSequence).padStart(6, '0')}`;
        this.paid(order.familyId).push({ paymentId, orderId: order.orderId, amountCents: session.amountCents, paidAt: this.now.toISOString(), ticketNumber });
        this.log(order.familyId, 'PaymentTicketIssued', `Ticket de paiement ${ticketNumber} émis — ${fakeEuros(session.amountCents)}`, session.amountCents, { orderId: order.orderId, paymentId, ticketNumber });
      }
      res.writeHead(303, { Location: back });
      return res.end();
    }
    if (method === 'POST' && action === 'cancel') {
      res.writeHead(303, { Location: `${back}?paiement=annule` });
      return res.end();
    }
    const euros = `${Math.floor(session.amountCents / 100)},${String(session.amountCents % 100).padStart(2, '0')}\u00a0€`;
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Paiement simulé</title></head>
<body><main><h1>Paiement simulé</h1><p>Montant à payer : <strong>${euros}</strong></p>
<form method="post" action="/pay/${sessionId}/pay"><button type="submit">Payer</button></form>
<form method="post" action="/pay/${sessionId}/cancel"><button type="submit">Annuler</button></form></main></body></html>`);
  }
}
