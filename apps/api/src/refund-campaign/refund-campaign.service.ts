import { Inject, Injectable } from '@nestjs/common';
import {
  CAMPAIGN_REASON_LABELS,
  CatalogSource,
  FamilyCommandRunner,
  readRegieBooks,
  refundCampaign,
  refundCampaignCsv,
  requestCommandContext,
  type RefundCampaign,
} from '@periscol/application';
import { renderRefundCampaign } from '@periscol/documents';
import type { EventStore } from '@periscol/event-store';
import { regieDateOf } from '@periscol/reservation-domain';
import { isLeft } from 'fp-ts/Either';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { EVENT_STORE } from '../platform/store/event-store.token';

export interface CampaignRequests {
  readonly asOf: string;
  readonly created: { familyId: string; requestId: string; amountCents: number }[];
  readonly alreadyRequested: { familyId: string; requestId: string }[];
  readonly refused: { familyId: string; code: string }[];
}

const DEFAULT_REASON = 'Campagne de remboursement des avoirs';

/** The year-end refund campaign (R19): the list from `@periscol/application`, its documents, and the requests it creates. */
@Injectable()
export class RefundCampaignService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalogs: CatalogSource,
    private readonly runner: FamilyCommandRunner,
  ) {}

  async campaign(asOf?: string, minAgeDays?: number): Promise<RefundCampaign> {
    const timeZone = this.catalogs.base.timezone;
    return refundCampaign(await readRegieBooks(this.store, timeZone), asOf ?? regieDateOf(this.clock.now(), timeZone), minAgeDays);
  }

  async csv(asOf?: string, minAgeDays?: number): Promise<string> {
    return refundCampaignCsv(await this.campaign(asOf, minAgeDays));
  }

  async pdf(asOf?: string, minAgeDays?: number): Promise<Uint8Array> {
    const campaign = await this.campaign(asOf, minAgeDays);
    return renderRefundCampaign({
      municipality: { name: this.catalogs.base.municipality.name },
      asOf: campaign.asOf,
      minAgeDays: campaign.minAgeDays,
      lines: campaign.lines.map((line) => ({
        familyId: line.familyId,
        name: line.name,
        reasonLabel: CAMPAIGN_REASON_LABELS[line.reason],
        credits: line.lots.map((lot) => lot.creditNoteNumber ?? lot.creditId),
        amountCents: line.amountCents,
        prescriptionDate: line.prescriptionDate,
      })),
      totalCents: campaign.totalCents,
    });
  }

  /**
   * One request per family of the list, with the id the campaign gives it: a family already
   * requested (by this action before, whatever its key) is skipped, so the action is idempotent.
   * A family the domain refuses now (its balance dropped since the list) is reported, not fatal.
   */
  async requestAll(actor: Actor, idempotency: IdempotencyContext, options: { asOf?: string; minAgeDays?: number; reason?: string }, requestId?: string): Promise<CampaignRequests> {
    const campaign = await this.campaign(options.asOf, options.minAgeDays);
    const answer: CampaignRequests = { asOf: campaign.asOf, created: [], alreadyRequested: [], refused: [] };
    for (const line of campaign.lines) {
      if (line.requested) {
        answer.alreadyRequested.push({ familyId: line.familyId, requestId: line.requestId });
        continue;
      }
      const ctx = requestCommandContext(actor, { commandKey: `${idempotency.commandKey}:${line.familyId}` }, requestId);
      const outcome = await this.runner.run(
        line.familyId,
        {
          type: 'RequestRefund',
          data: {
            requestId: line.requestId,
            amountCents: line.amountCents,
            reason: options.reason ?? `${DEFAULT_REASON} — ${CAMPAIGN_REASON_LABELS[line.reason]}`,
            creditIds: line.lots.map((lot) => lot.creditId),
            requestedBy: actor.userId,
          },
          metadata: { now: this.clock.now().toISOString() },
        },
        ctx,
      );
      if (isLeft(outcome)) answer.refused.push({ familyId: line.familyId, code: outcome.left.code });
      else answer.created.push({ familyId: line.familyId, requestId: line.requestId, amountCents: line.amountCents });
    }
    return answer;
  }
}
