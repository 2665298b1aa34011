/**
 * The attestation fiscale de frais de garde of a family for a year (docs/rules.md, R21), from
 * the history: the domain decides it (`decideTaxCertificate`), this module numbers the
 * certificate in its own series (`numbering-F-<year>`, one number per family and year) and
 * freezes what it counts. The certificate counts the family events recorded before its number
 * (store positions), so regenerating it later — after a late payment notification, a
 * cancellation, anything — gives the same amounts, and the same PDF bytes.
 */
import type { EventStore, StoredEvent } from '@periscol/event-store';
import type { TaxCertificateInput } from '@periscol/documents';
import { isLeft } from 'fp-ts/Either';
import { decideTaxCertificate, documentNumberAssignedSchema, evolvePerson, initialPersonState, type Catalog, type Instant, type IsoDate, type PersonState, type Refusal } from '@periscol/reservation-domain';
import { familyEventOf, personEventOf } from '../events/event-decoding';
import { municipalityOf } from '../documents/document-inputs.mapper';
import type { DocumentNumbering } from '../numbering/document-numbering.service';
import { familyStreamId, numberingStreamId, personStreamId } from '../streams/stream-names';

export type TaxCertificateOutcome =
  | { readonly ok: true; readonly input: TaxCertificateInput; readonly certificateNumber: string; readonly assignedNow: boolean }
  | { readonly ok: false; readonly code: Refusal['code']; readonly message: string };

export interface TaxCertificateDeps {
  readonly store: EventStore;
  readonly catalog: () => Catalog;
  readonly numbering: DocumentNumbering;
}

interface IssuedNumber {
  readonly number: string;
  readonly position: number;
  readonly recordedAt: string;
}

const refused = (refusal: Refusal): TaxCertificateOutcome => ({ ok: false, code: refusal.code, message: refusal.message });

export class TaxCertificates {
  /** Each year's series as far as this process has read it (numbers are only ever appended). */
  private readonly series = new Map<number, { nextRevision: number; bySource: Map<string, IssuedNumber> }>();

  constructor(private readonly deps: TaxCertificateDeps) {}

  /**
   * The family's certificate for `year`: the one already numbered, else — when there is
   * something to certify — a new number. A refusal (the year not over, nothing to certify, the
   * identity erased) consumes no number.
   */
  async certificate(familyId: string, year: number, now: Instant): Promise<TaxCertificateOutcome> {
    const catalog = this.deps.catalog();
    const { events } = await this.deps.store.readStream(familyStreamId(familyId));
    if (events.length === 0) return { ok: false, code: 'FAMILY_NOT_REGISTERED', message: 'This family is not registered' };
    const erased = events.some((event) => event.type === 'PersonalDataErased');
    const personEvents = erased ? [] : (await this.deps.store.readStream(personStreamId(familyId))).events;
    // Names and birth dates as they were too: a correction after the number changes nothing printed.
    const personAt = (position: number): PersonState | undefined => (erased ? undefined : personEvents.filter((event) => event.position < position).map(personEventOf).reduce(evolvePerson, initialPersonState()));
    const decide = (position: number) =>
      decideTaxCertificate(catalog, { year, now, events: events.filter((event) => event.position < position).map(familyEventOf), birthDates: birthDatesOf(personAt(position)) });

    let issued = await this.issuedNumber(familyId, year);
    let assignedNow = false;
    if (!issued) {
      const decision = decide(Infinity);
      if (isLeft(decision)) return refused(decision.left);
      const assignment = await this.deps.numbering.assign({ prefix: 'F', year, familyId, sourceId: familyId, correlationId: `tax-certificate:${familyId}:${year}` });
      assignedNow = assignment.assignedNow;
      issued = await this.numberAt(assignment.streamId, assignment.sequence - 1);
    }
    // What it counts is frozen: the family events recorded before its number.
    const decision = decide(issued.position);
    if (isLeft(decision)) return refused(decision.left);
    const lines = decision.right;
    const person = personAt(issued.position);
    const input: TaxCertificateInput = {
      municipality: municipalityOf(catalog),
      family: { familyId, name: person?.name ?? null },
      timeZone: catalog.timezone,
      issuedAt: issued.recordedAt,
      certificate: {
        certificateNumber: issued.number,
        year,
        children: lines.map((line) => {
          const child = person?.children.get(line.childId);
          return { childId: line.childId, childName: child ? `${child.firstName} ${child.lastName}` : null, birthDate: line.birthDate, amountCents: line.amountCents };
        }),
        totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
      },
    };
    return { ok: true, input, certificateNumber: issued.number, assignedNow };
  }

  /**
   * The number given to the family's certificate of `year`, if any. The year's series is read
   * once, then only its new events: the January batch looks every family up in it.
   */
  async issuedNumber(familyId: string, year: number): Promise<IssuedNumber | undefined> {
    let series = this.series.get(year);
    if (!series) this.series.set(year, (series = { nextRevision: 0, bySource: new Map() }));
    const { events } = await this.deps.store.readStream(numberingStreamId('F', year), { fromRevision: series.nextRevision });
    for (const event of events) {
      series.bySource.set(documentNumberAssignedSchema.parse(event.data).sourceId, issuedNumberOf(event));
      series.nextRevision = event.revision + 1;
    }
    return series.bySource.get(familyId);
  }

  private async numberAt(streamId: string, revision: number): Promise<IssuedNumber> {
    const [event] = (await this.deps.store.readStream(streamId, { fromRevision: revision, maxCount: 1 })).events;
    if (!event) throw new Error(`${streamId}: no event at revision ${revision}`);
    return issuedNumberOf(event);
  }
}

function birthDatesOf(person: PersonState | undefined): ReadonlyMap<string, IsoDate> | null {
  if (person === undefined) return null;
  return new Map([...person.children.values()].flatMap((child) => (child.birthDate === undefined ? [] : [[child.childId, child.birthDate] as const])));
}

function issuedNumberOf(event: StoredEvent): IssuedNumber {
  return { number: documentNumberAssignedSchema.parse(event.data).number, position: event.position, recordedAt: event.metadata.recordedAt };
}
