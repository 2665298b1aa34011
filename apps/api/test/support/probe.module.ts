import { createHash } from 'node:crypto';
import { Body, Controller, Get, Inject, Injectable, Module, Param, Post, Query, Req } from '@nestjs/common';
import { deterministicEventId, EventStore } from '@periscol/event-store';
import { z } from 'zod';
import { CurrentActor, Public } from '../../src/platform/auth/access.decorators';
import { Actor, idSchema } from '../../src/platform/auth/actor';
import { ensureOwnedByActor } from '../../src/platform/auth/family-access';
import type { ApiRequest } from '../../src/platform/http/api-request';
import { familyParamsSchema, pageQuerySchema } from '../../src/platform/http/common.schemas';
import { throwRefusal } from '../../src/platform/http/refusal';
import { IdempotencyContext } from '../../src/platform/idempotency/idempotency-context';
import { Idempotency, IdempotencyCtx } from '../../src/platform/idempotency/idempotency.decorators';
import { BodyOf, defineRoute, QueryOf } from '../../src/platform/routing/route-definition';
import { Route } from '../../src/platform/routing/route.decorator';
import { EVENT_STORE } from '../../src/platform/store/event-store.token';

/**
 * Test-only routes exercising the frame the way the use cases' controllers do:
 * a family-scoped mutating route (derived ids, a domain-like append, refusals), a paged read,
 * an admin-only route, a `rerun` route, an owned resource and a raw-body webhook.
 */

/** Lets a test hold N handlers inside the handler at once (no sleeps): all wait until N arrived. */
export class Latch {
  private expected = 0;
  private arrived = 0;
  private release: () => void = () => undefined;
  private gate: Promise<void> = Promise.resolve();

  arm(expected: number): void {
    this.expected = expected;
    this.arrived = 0;
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  arrive(): Promise<void> {
    if (this.expected === 0) return Promise.resolve();
    this.arrived += 1;
    if (this.arrived >= this.expected) {
      this.expected = 0;
      this.release();
    }
    return this.gate;
  }
}

/** One latch for every app instance of a test file, so two "processes" can be held together. */
export const sharedLatch = new Latch();

@Injectable()
export class ProbeState {
  executions = 0;
  readonly latch = sharedLatch;
}

const thingBody = z.object({ label: z.string().min(1).max(50), amountCents: z.number().int().nonnegative(), email: z.string().optional() }).meta({ id: 'ProbeThing' });
const thingResponse = z.object({ thingId: z.string(), execution: z.number().int(), label: z.string(), appended: z.boolean() });

export const createThingRoute = defineRoute({
  operationId: 'probeCreateThing',
  method: 'POST',
  path: '/api/probe/families/:familyId/things',
  summary: 'Probe: create a thing for a family',
  tags: ['probe'],
  access: ['parent', 'admin'],
  params: z.object({ familyId: idSchema }),
  body: thingBody,
  responses: { 201: { description: 'Created', schema: thingResponse } },
  errors: ['DEADLINE_PASSED'],
});

export const listThingsRoute = defineRoute({
  operationId: 'probeListThings',
  method: 'GET',
  path: '/api/probe/families/:familyId/things',
  summary: 'Probe: list things',
  tags: ['probe'],
  access: ['parent', 'admin', 'auditor'],
  params: familyParamsSchema,
  query: pageQuerySchema,
  responses: { 200: { description: 'Things', schema: z.object({ familyId: z.string(), limit: z.number() }) } },
});

export const adminOnlyRoute = defineRoute({
  operationId: 'probeAdminOnly',
  method: 'GET',
  path: '/api/probe/admin-only',
  summary: 'Probe: admins only',
  tags: ['probe'],
  access: ['admin'],
  responses: { 200: { description: 'OK' } },
});

export const rerunRoute = defineRoute({
  operationId: 'probeRerun',
  method: 'POST',
  path: '/api/probe/people',
  summary: 'Probe: answer holds personal data (rerun mode)',
  tags: ['probe'],
  access: ['admin'],
  idempotency: 'rerun',
  body: z.object({ name: z.string() }),
  responses: { 201: { description: 'Created', schema: z.object({ personId: z.string(), name: z.string(), execution: z.number() }) } },
});

export const ownedRoute = defineRoute({
  operationId: 'probeGetOrder',
  method: 'GET',
  path: '/api/probe/orders/:orderId',
  summary: 'Probe: a resource owned by a family',
  tags: ['probe'],
  access: ['parent', 'admin'],
  params: z.object({ orderId: idSchema }),
  responses: { 200: { description: 'Order', schema: z.object({ orderId: z.string(), familyId: z.string() }) } },
});

/** Fixed owners: order-1 belongs to family F1. */
const ORDERS: Record<string, { familyId: string }> = { 'order-1': { familyId: 'F1' } };

@Controller()
export class ProbeController {
  constructor(
    private readonly state: ProbeState,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Route(createThingRoute)
  async create(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof createThingRoute>,
    @IdempotencyCtx() idempotency: IdempotencyContext,
  ): Promise<z.infer<typeof thingResponse>> {
    const execution = ++this.state.executions;
    await this.state.latch.arrive();
    if (body.label === 'refuse') throwRefusal({ code: 'DEADLINE_PASSED', message: 'Too late for this day', details: { date: '2026-11-27' } });
    if (body.label === 'boom') throw new Error('SQLITE_CORRUPT at /var/lib/secret/events.sqlite');
    // The domain-side write: event id derived from the key, so a concurrent twin dedupes.
    const result = await this.store.appendToStream(
      `probe-${familyId}`,
      [{ type: 'ThingCreated', data: { thingId: idempotency.derivedId('thing'), label: body.label }, metadata: { eventId: deterministicEventId(idempotency.commandKey, 0), schemaVersion: 1 } }],
      { expectedRevision: 'any' },
    );
    return { thingId: idempotency.derivedId('thing'), execution, label: body.label, appended: !result.deduplicated };
  }

  @Route(listThingsRoute)
  list(@Param() params: { familyId: string }, @Query() query: QueryOf<typeof listThingsRoute>): { familyId: string; limit: number } {
    return { familyId: params.familyId, limit: query.limit };
  }

  @Route(adminOnlyRoute)
  adminOnly(@CurrentActor() actor: Actor): { role: string } {
    return { role: actor.role };
  }

  @Route(rerunRoute)
  rerun(@Body() body: BodyOf<typeof rerunRoute>, @IdempotencyCtx() idempotency: IdempotencyContext): { personId: string; name: string; execution: number } {
    return { personId: idempotency.derivedId('person'), name: body.name, execution: ++this.state.executions };
  }

  @Route(ownedRoute)
  order(@Param('orderId') orderId: string, @CurrentActor() actor: Actor): { orderId: string; familyId: string } {
    const order = ORDERS[orderId];
    ensureOwnedByActor(actor, order, 'Order');
    return { orderId, familyId: order.familyId };
  }
}

/** A raw-body webhook declared with plain Nest decorators (as the payments module may do). */
@Controller()
export class ProbeWebhookController {
  @Post('/api/payments/probe/webhook')
  @Public()
  @Idempotency('none')
  webhook(@Req() req: ApiRequest): { isBuffer: boolean; sha256: string; length: number } {
    const raw = req.rawBody ?? Buffer.alloc(0);
    return { isBuffer: Buffer.isBuffer(req.body), sha256: createHash('sha256').update(raw).digest('hex'), length: raw.length };
  }
}

@Module({ controllers: [ProbeController, ProbeWebhookController], providers: [ProbeState] })
export class ProbeModule {}

/** A controller that forgot its access policy: the app must refuse to start. */
@Controller()
export class UnguardedController {
  @Get('/api/probe/forgotten')
  forgotten(): string {
    return 'should never be served';
  }
}

@Module({ controllers: [UnguardedController] })
export class UnguardedModule {}
