/**
 * Domain decide + evolve throughput, in memory (docs/rules.md §8: ≥ 200,000 commands/s).
 *
 * Workload: 2,000 families with two children each, over 18 school weeks: every week each family
 * requests three slots (two canteen days for the first child, one for the second), confirms
 * them (pays the amount due, or « OK » when credit covers it), and every other week cancels one
 * of them, which leaves a credit for the next request. States grow as a real school year's do.
 * Commands are interleaved across families and decided on each family's current state, every
 * command going through its zod schema.
 *
 * Baseline, same run: folding the same events with evolve alone (no decide), reported per
 * command so the ratio reads as "decide + evolve vs evolve only".
 *
 * Half the time goes to V8's young-generation collector: every family's latest state is young
 * and alive when it runs (structural sharing allocates the changed paths). A bigger young
 * generation changes the picture: `node --max-semi-space-size=128 tools/bench/dist/index.js
 * domain` measured 1.4–2.1× the default on the same loaded machine.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as E from 'fp-ts/Either';
import {
  createFamilyDecider,
  demoCatalog,
  evolveFamily,
  FAMILY_EVENT_SCHEMA_VERSIONS,
  FamilyCommandSchema,
  isWellFormedFamilyCommand,
  initialFamilyState,
  upcastFamilyEvent,
  type FamilyCommand,
  type FamilyEvent,
  type FamilyState,
} from '@periscol/reservation-domain';
import { median, type BenchResult } from './bench-kit';

export const title = 'Domain: family decider, in memory';

const FAMILIES = 2000;
const REPEATS = 5;
/** Mondays of school weeks without holidays or public holidays (2026–2027, zone A). */
const WEEKS = [
  '2026-09-14', '2026-09-21', '2026-09-28', '2026-10-05', '2026-10-12',
  '2026-11-02', '2026-11-16', '2026-11-23', '2026-11-30', '2026-12-07', '2026-12-14',
  '2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25', '2027-02-01', '2027-02-08', '2027-03-01',
];

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00.000Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

interface Workload {
  readonly initial: readonly FamilyState[];
  /** [familyIndex, command] in execution order. */
  readonly commands: readonly (readonly [number, FamilyCommand])[];
  /** The events each command appended, in the same order (for the baseline). */
  readonly events: readonly (readonly [number, readonly FamilyEvent[]])[];
}

const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

// A full collection before each timed run, so no run pays for the garbage of the one before.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

function timed(run: () => number): number {
  collectGarbage();
  return run();
}

function apply(state: FamilyState, events: readonly FamilyEvent[]): FamilyState {
  let next = state;
  for (const event of events) next = evolveFamily(next, event);
  return next;
}

/** Builds the command list by running it once (amounts due depend on credit left by cancellations). */
function buildWorkload(): Workload {
  const states: FamilyState[] = [];
  const setupNow = '2026-09-01T07:00:00.000Z';
  for (let f = 0; f < FAMILIES; f++) {
    let state = initialFamilyState();
    for (const command of [
      { type: 'RegisterFamily', data: { familyId: `fam-${f}`, resident: f % 10 !== 0 }, metadata: { now: setupNow } },
      { type: 'EnrolChild', data: { childId: `fam-${f}-c1`, activityIds: ['restauration', 'accueil-soir'] }, metadata: { now: setupNow } },
      { type: 'EnrolChild', data: { childId: `fam-${f}-c2`, activityIds: ['restauration'] }, metadata: { now: setupNow } },
    ] as const) {
      const decision = decider.decide(command, state);
      if (E.isLeft(decision)) throw new Error(decision.left.message);
      state = apply(state, decision.right);
    }
    states.push(state);
  }
  const initial = [...states];
  const commands: (readonly [number, FamilyCommand])[] = [];
  const events: (readonly [number, readonly FamilyEvent[]])[] = [];
  const run = (f: number, command: FamilyCommand) => {
    const decision = decider.decide(command, states[f]);
    if (E.isLeft(decision)) throw new Error(`${command.type}: ${decision.left.code} ${decision.left.message}`);
    states[f] = apply(states[f], decision.right);
    commands.push([f, command]);
    events.push([f, decision.right]);
    return decision.right;
  };

  WEEKS.forEach((monday, w) => {
    const now = `${addDays(monday, -7)}T07:00:00.000Z`;
    const metadata = { now };
    for (let f = 0; f < FAMILIES; f++) {
      const c1 = `fam-${f}-c1`;
      const c2 = `fam-${f}-c2`;
      const orderId = `fam-${f}-o${w}`;
      const requested = run(f, {
        type: 'RequestReservation',
        data: {
          orderId,
          slots: [
            { childId: c1, activityId: 'restauration', date: monday },
            { childId: c1, activityId: 'restauration', date: addDays(monday, 1) },
            { childId: c2, activityId: 'restauration', date: addDays(monday, 3) },
          ],
          pricing: { quotientFamilial: f % 7 === 0 ? null : 300 + ((f * 37) % 1500) },
        },
        metadata,
      });
      const request = requested.find((e) => e.type === 'ReservationRequested');
      const due = request?.type === 'ReservationRequested' ? request.data.amountDueCents : 0;
      if (due === 0) run(f, { type: 'ConfirmWithCredit', data: { orderId }, metadata });
      else run(f, { type: 'ConfirmPayment', data: { paymentId: `${orderId}-p`, orderId, provider: 'simulated', amountCents: due }, metadata });
      if ((w + f) % 2 === 0) {
        run(f, {
          type: 'CancelReservation',
          data: { cancellationId: `${orderId}-x`, creditId: `${orderId}-cr`, slots: [{ childId: c2, activityId: 'restauration', date: addDays(monday, 3) }] },
          metadata,
        });
      }
    }
  });
  return { initial, commands, events };
}

function timeDecideEvolve(workload: Workload): number {
  const states = [...workload.initial];
  const start = process.hrtime.bigint();
  for (const [f, command] of workload.commands) {
    const decision = decider.decide(command, states[f]);
    if (E.isLeft(decision)) throw new Error(decision.left.message);
    let state = states[f];
    for (const event of decision.right) state = evolveFamily(state, event);
    states[f] = state;
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function timeEvolveOnly(workload: Workload): number {
  const states = [...workload.initial];
  const start = process.hrtime.bigint();
  for (const [f, events] of workload.events) {
    let state = states[f];
    for (const event of events) state = evolveFamily(state, event);
    states[f] = state;
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function timeValidationOnly(workload: Workload, zod: boolean): number {
  const start = process.hrtime.bigint();
  if (zod) for (const [, command] of workload.commands) FamilyCommandSchema.safeParse(command);
  else for (const [, command] of workload.commands) isWellFormedFamilyCommand(command);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

type StoredEvent = { type: string; data: unknown; schemaVersion: number };

/** Replays each family's stored history from scratch, as a command loop reading its stream does. */
function timeUpcast(histories: readonly (readonly StoredEvent[])[], validate: boolean): number {
  const start = process.hrtime.bigint();
  for (const history of histories) {
    let state = initialFamilyState();
    for (const raw of history) state = evolveFamily(state, upcastFamilyEvent(raw, { validate }));
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function timeFamilyAfterFamily(workload: Workload, order: readonly number[]): number {
  const states = [...workload.initial];
  const start = process.hrtime.bigint();
  for (const index of order) {
    const [f, command] = workload.commands[index];
    const decision = decider.decide(command, states[f]);
    if (E.isLeft(decision)) throw new Error(decision.left.message);
    let state = states[f];
    for (const event of decision.right) state = evolveFamily(state, event);
    states[f] = state;
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function run(): Promise<BenchResult[]> {
  const workload = buildWorkload();
  const commandCount = workload.commands.length;
  const eventCount = workload.events.reduce((sum, [, events]) => sum + events.length, 0);
  // Stored histories (JSON round trip, as a store returns them) of the first 500 families.
  const histories: StoredEvent[][] = Array.from({ length: 500 }, () => []);
  for (const [f, events] of workload.events) {
    if (f >= histories.length) continue;
    for (const event of events) {
      histories[f].push(JSON.parse(JSON.stringify({ ...event, schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS[event.type] })));
    }
  }
  const storedCount = histories.reduce((sum, history) => sum + history.length, 0);
  const familyMajor = workload.commands.map((_, i) => i).sort((a, b) => workload.commands[a][0] - workload.commands[b][0] || a - b);

  // Warm up the JIT on every path before measuring.
  timeDecideEvolve(workload);
  timeEvolveOnly(workload);

  const decideRates: number[] = [];
  const evolveRates: number[] = [];
  const validationRates: number[] = [];
  const zodRates: number[] = [];
  const familyMajorRates: number[] = [];
  const upcastRates: number[] = [];
  const trustedRates: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    decideRates.push(commandCount / timed(() => timeDecideEvolve(workload)));
    evolveRates.push(commandCount / timed(() => timeEvolveOnly(workload)));
    familyMajorRates.push(commandCount / timed(() => timeFamilyAfterFamily(workload, familyMajor)));
    validationRates.push(commandCount / timed(() => timeValidationOnly(workload, false)));
    zodRates.push(commandCount / timed(() => timeValidationOnly(workload, true)));
    upcastRates.push(storedCount / timed(() => timeUpcast(histories, true)));
    trustedRates.push(storedCount / timed(() => timeUpcast(histories, false)));
  }
  const note = `${commandCount.toLocaleString('en-US')} commands → ${eventCount.toLocaleString('en-US')} events, ${FAMILIES} families, median of ${REPEATS}`;
  return [
    {
      name: 'decide + evolve (request / confirm / cancel mix)',
      value: median(decideRates),
      unit: 'commands/s',
      target: '>= 200000',
      baseline: median(evolveRates),
      note: `${note}; baseline: evolve only, same events`,
    },
    {
      name: 'decide + evolve, one family after another',
      value: median(familyMajorRates),
      unit: 'commands/s',
      note: 'same commands; fewer live states between collections',
    },
    {
      name: 'command validation alone (as decide runs it)',
      value: median(validationRates),
      unit: 'commands/s',
      baseline: median(zodRates),
      note: 'baseline: the zod schema, which decide runs only to explain a refusal',
    },
    {
      name: 'replay: upcast (zod) + evolve, stream by stream',
      value: median(upcastRates),
      unit: 'events/s',
      baseline: median(trustedRates),
      note: `${storedCount.toLocaleString('en-US')} stored events of 500 families; baseline: trusted, no zod`,
    },
  ];
}
