import type { FamilyReads, TaxCertificates } from '@periscol/application';
import { renderTaxCertificate } from '@periscol/documents';
import { numberingYearOf, taxCertificateMailingYear, type Catalog } from '@periscol/reservation-domain';
import type { Logger } from 'pino';
import type { MailServices } from '../platform/mail/mail.config';
import type { Scheduler } from '../platform/scheduling/due-work.timer';
import { PeriodicCheck } from '../platform/scheduling/periodic-check';
import { taxCertificateEmail, taxCertificateMessageId } from './tax-certificate.email';

/** Looks for certificates to e-mail this often (in January: the first check an hour after start). */
export const TAX_CERTIFICATE_CHECK_EVERY_MS = 60 * 60_000;

export interface TaxCertificateMailingDeps {
  readonly reads: Pick<FamilyReads, 'familyIds' | 'familyState' | 'person'>;
  readonly certificates: Pick<TaxCertificates, 'certificate'>;
  readonly catalog: () => Catalog;
  readonly mail: Pick<MailServices, 'outbox' | 'timer'>;
  /** The parents' portal, where the certificate can be downloaded again. */
  readonly portalUrl: string;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly scheduler?: Scheduler;
}

/**
 * The January batch (R21): every family with a certificate for the year just over — a child
 * under six on 1 January with childcare paid — gets it by e-mail, numbered on the way, once per
 * family and year whatever the number of checks, processes or hosts (its Message-ID is its key in
 * the outbox). Families without an e-mail address (erased, R17) get none; their certificate is
 * still numbered and downloadable.
 */
export class TaxCertificateMailing {
  /** Years of which every family has been looked at (again after a restart: the outbox dedups). */
  private readonly done = new Set<number>();
  private readonly check: PeriodicCheck;

  constructor(private readonly deps: TaxCertificateMailingDeps) {
    this.check = new PeriodicCheck({
      everyMs: TAX_CERTIFICATE_CHECK_EVERY_MS,
      run: (now) => this.runDue(now),
      clock: deps.clock,
      onError: (error) => deps.logger.error({ err: error }, 'tax certificate mailing failed; next check in an hour'),
      ...(deps.scheduler ? { scheduler: deps.scheduler } : {}),
    });
  }

  start(): void {
    this.check.start();
  }

  stop(): Promise<void> {
    return this.check.stop();
  }

  /** Enqueues the certificates due at `now`; returns how many e-mails were enqueued. */
  async runDue(now: Date): Promise<number> {
    const year = taxCertificateMailingYear(now.toISOString(), this.deps.catalog().timezone);
    if (year === null || this.done.has(year)) return 0;
    let enqueued = 0;
    let failed = 0;
    for (const familyId of await this.deps.reads.familyIds()) {
      try {
        enqueued += await this.send(familyId, year, now);
      } catch (error) {
        failed += 1;
        this.deps.logger.error({ err: error, familyId, year }, 'tax certificate not e-mailed; retried at the next check');
      }
    }
    if (failed === 0) this.done.add(year);
    if (enqueued > 0) {
      this.deps.logger.info({ enqueued, year }, 'tax certificates enqueued');
      this.deps.mail.timer.kick();
    }
    return enqueued;
  }

  private async send(familyId: string, year: number, now: Date): Promise<number> {
    const family = await this.deps.reads.familyState(familyId);
    // A family registered after the year cannot have paid in it.
    if (!family || family.erasedAt !== null || numberingYearOf(family.registeredAt, this.deps.catalog().timezone) > year) return 0;
    const person = await this.deps.reads.person(familyId);
    if (!person?.email) return 0;
    const outcome = await this.deps.certificates.certificate(familyId, year, now.toISOString());
    if (!outcome.ok) return 0;
    const catalog = this.deps.catalog();
    const { certificate } = outcome.input;
    const result = await this.deps.mail.outbox.enqueue(
      taxCertificateEmail({
        familyId,
        year,
        certificateNumber: certificate.certificateNumber,
        to: person.email,
        municipality: catalog.municipality.name,
        contact: catalog.municipality.contact,
        children: certificate.children.map((child) => ({ firstName: person.children.get(child.childId)?.firstName ?? child.childId, amountCents: child.amountCents })),
        pdf: Buffer.from(await renderTaxCertificate(outcome.input)),
        portalUrl: this.deps.portalUrl,
      }),
    );
    return result.outcome === 'enqueued' ? 1 : 0;
  }
}

/**
 * The Message-IDs of every certificate e-mail a family may have been sent: one per year from its
 * registration to `until` (R17: erased with the family's other e-mails).
 */
export function possibleTaxCertificateMessageIds(familyId: string, registeredAt: string, until: Date, timeZone: string): string[] {
  const ids: string[] = [];
  for (let year = numberingYearOf(registeredAt, timeZone); year < numberingYearOf(until, timeZone); year++) ids.push(taxCertificateMessageId(familyId, year));
  return ids;
}
