/**
 * The year-end refund campaign (R19): the families whose credit the town should pay back, for
 * the comptable's mandats — every family with no child enrolled any more (its whole balance), and
 * every credit older than a threshold (those lots). Families with a refund request still pending
 * are left out (already on their way). From the list the régisseur creates the requests in one
 * action; each family's request id derives from the campaign's date, so running it again
 * creates nothing twice.
 */
import { createHash } from 'node:crypto';
import type { FamilyState, IsoDate } from '@periscol/reservation-domain';
import { creditStatement, type CreditLotLine } from './credit-statement';
import type { RegieBooks } from './regie-books';
import { frenchDecimal, toFrenchCsv } from './regie-csv';

/** Default threshold: credits older than two years (half the prescription quadriennale). */
export const DEFAULT_CAMPAIGN_MIN_AGE_DAYS = 730;

export type CampaignReason = 'no_enrolment' | 'old_credit';

export const CAMPAIGN_REASON_LABELS: Readonly<Record<CampaignReason, string>> = {
  no_enrolment: 'Plus aucun enfant inscrit',
  old_credit: 'Avoir ancien',
};

export interface CampaignLine {
  readonly familyId: string;
  readonly name: string;
  readonly reason: CampaignReason;
  readonly amountCents: number;
  readonly balanceCents: number;
  readonly lots: readonly CreditLotLine[];
  /** The earliest date the prescription quadriennale could be invoked on one of these lots. */
  readonly prescriptionDate: IsoDate;
  /** The request the campaign creates (or created) for this family. */
  readonly requestId: string;
  readonly requested: boolean;
}

export interface RefundCampaign {
  readonly asOf: IsoDate;
  readonly minAgeDays: number;
  readonly lines: readonly CampaignLine[];
  readonly totalCents: number;
}

/** Short enough for a path segment whatever the family id (64 characters at most). */
export function campaignRequestId(asOf: IsoDate, familyId: string): string {
  return `campagne-${asOf.replace(/-/g, '')}-${createHash('sha256').update(`${asOf}|${familyId}`).digest('hex').slice(0, 16)}`;
}

function enrolled(state: FamilyState): boolean {
  let any = false;
  state.children.forEach((child) => {
    if (child.activityIds.length > 0) any = true;
  });
  return any;
}

export function refundCampaign(books: RegieBooks, asOf: IsoDate, minAgeDays = DEFAULT_CAMPAIGN_MIN_AGE_DAYS): RefundCampaign {
  const lines: CampaignLine[] = [];
  for (const family of creditStatement(books, asOf).families) {
    const state = books.families.get(family.familyId);
    if (!state || family.balanceCents <= 0) continue;
    const requestId = campaignRequestId(asOf, family.familyId);
    const requested = state.refundRequests.has(requestId);
    let pendingElsewhere = false;
    state.refundRequests.forEach((request) => {
      if (request.status === 'pending' && request.requestId !== requestId) pendingElsewhere = true;
    });
    if (pendingElsewhere) continue;
    const reason: CampaignReason | null = !enrolled(state) ? 'no_enrolment' : family.lots.some((lot) => lot.ageDays >= minAgeDays) ? 'old_credit' : null;
    if (!reason) continue;
    const lots = reason === 'no_enrolment' ? family.lots : family.lots.filter((lot) => lot.ageDays >= minAgeDays);
    const amountCents = lots.reduce((sum, lot) => sum + lot.remainingCents, 0);
    const prescriptionDate = lots.map((lot) => lot.prescriptionDate).sort()[0];
    lines.push({ familyId: family.familyId, name: family.name, reason, amountCents, balanceCents: family.balanceCents, lots, prescriptionDate, requestId, requested });
  }
  return { asOf, minAgeDays, lines, totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0) };
}

/** The campaign as CSV for the comptable (one line per family, its lots named). */
export function refundCampaignCsv(campaign: RefundCampaign): string {
  return toFrenchCsv([
    [`Campagne de remboursement des avoirs au ${campaign.asOf}`],
    ['Famille', 'Nom', 'Motif', 'Avoirs', 'Solde (€)', 'À rembourser (€)', 'Prescription quadriennale à partir du', 'Demande'],
    ...campaign.lines.map((line) => [
      line.familyId,
      line.name,
      CAMPAIGN_REASON_LABELS[line.reason],
      line.lots.map((lot) => lot.creditNoteNumber ?? lot.creditId).join(' '),
      frenchDecimal(line.balanceCents),
      frenchDecimal(line.amountCents),
      line.prescriptionDate,
      line.requested ? line.requestId : null,
    ]),
    ['Total', null, null, null, null, frenchDecimal(campaign.totalCents), null, null],
  ]);
}
