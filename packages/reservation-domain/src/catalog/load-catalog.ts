import * as E from 'fp-ts/Either';
import type { Either } from 'fp-ts/Either';
import { deepFreeze } from '../shared/deep-freeze';
import { isIsoDate } from '../shared/iso-date';
import { InvalidArgumentError } from '../shared/invalid-argument.error';
import { attachIndex, buildIndex, indexOf, type CatalogIndex } from './catalog-index';
import type { AbsencePolicy, Activity, ActivityClosure, Catalog, CatalogError, OfficeHolder, RegieArrete } from './catalog.types';
import { describeFileIssues } from './municipality-file.errors';
import { upgradeMunicipalityFile } from './municipality-file.format';
import { knownKeysAt } from './municipality-file.json-schema';
import { MunicipalityFileSchema, type MunicipalityFile } from './municipality-file.schema';

function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
}

function officeHolderOf(holder: { name: string; from: string; to?: string | undefined }): OfficeHolder {
  return { name: holder.name, from: holder.from, ...(holder.to === undefined ? {} : { to: holder.to }) };
}

function regieOf(regie: NonNullable<MunicipalityFile['regie']>): RegieArrete {
  const { frequency, thresholdCents } = regie.versement;
  return {
    arrete: { reference: regie.arrete.reference, date: regie.arrete.date },
    revenueTypes: [...regie.revenueTypes],
    paymentMethods: [...regie.paymentMethods],
    plafondEncaisseCents: regie.plafondEncaisseCents,
    versement: { frequency, ...(thresholdCents === undefined ? {} : { thresholdCents }) },
    regisseurs: regie.regisseurs.map(officeHolderOf),
    mandataires: regie.mandataires.map(officeHolderOf),
  };
}

function absencesOf(absences: NonNullable<MunicipalityFile['absences']>): AbsencePolicy {
  return { activities: [...absences.activities], graceDays: absences.graceDays, proofTypes: [...absences.proofTypes], maxProofBytes: absences.maxProofBytes, credit: absences.credit };
}

/** Builds the frozen, indexed catalog of a file that already passed the schema. */
function catalogOf(file: MunicipalityFile): Catalog {
  const activities: Activity[] = file.activities.map((a) => ({
    id: a.id,
    label: a.label,
    weekdays: [...a.weekdays].sort((x, y) => x - y),
    ...(a.startTime ? { startTime: a.startTime } : {}),
    deadline: a.deadline,
    ...(a.cancellationDeadline ? { cancellationDeadline: a.cancellationDeadline } : {}),
    ...(a.lateBooking ? { lateBooking: a.lateBooking } : {}),
    tariffs: a.tariffs,
    ...(a.childcare ? { childcare: true } : {}),
    ...(a.capacity ? { capacity: { placesPerDay: a.capacity.placesPerDay, ...(a.capacity.bySite ? { bySite: { ...a.capacity.bySite } } : {}), offerHoldMinutes: a.capacity.offerHoldMinutes } } : {}),
  }));
  return seal({
    municipality: file.municipality,
    timezone: canonicalTimeZone(file.timezone),
    schoolYear: file.schoolYear,
    ...(file.quotientFamilial ? { quotientFamilial: file.quotientFamilial } : {}),
    closedDates: file.closedDates,
    activities,
    closures: [],
    ...(file.regie ? { regie: regieOf(file.regie) } : {}),
    ...(file.absences ? { absences: absencesOf(file.absences) } : {}),
  });
}

/** Attaches the private index (before freezing: a frozen object takes no new property), then freezes. */
function seal(catalog: Catalog, previous?: CatalogIndex): Catalog {
  attachIndex(catalog, buildIndex(catalog, previous));
  return deepFreeze(catalog);
}

/**
 * Validates a municipality file (parsed JSON) and builds its catalog. A file of an older format
 * is first upgraded (`upgradeMunicipalityFile`). Every refusal is one `INVALID_CATALOG` error
 * whose message names each problem's path and its fix, with the zod issues in `issues`.
 */
export function loadCatalog(input: unknown): Either<CatalogError, Catalog> {
  const upgraded = upgradeMunicipalityFile(input);
  if ('problem' in upgraded) {
    return E.left({ code: 'INVALID_CATALOG', message: describeFileIssues([upgraded.problem], input, knownKeysAt), issues: [upgraded.problem] });
  }
  const parsed = MunicipalityFileSchema.safeParse(upgraded.file);
  if (!parsed.success) {
    return E.left({ code: 'INVALID_CATALOG', message: describeFileIssues(parsed.error.issues, upgraded.file, knownKeysAt), issues: parsed.error.issues });
  }
  return E.right(catalogOf(parsed.data));
}

/**
 * The same catalog with exactly these run-time activity closures (R14) — it replaces the list,
 * so pass `[...catalog.closures, closure]` to add one. The input catalog is left unchanged.
 * A closure naming an activity the catalog does not know is kept but closes nothing.
 */
export function withClosures(catalog: Catalog, closures: readonly ActivityClosure[]): Catalog {
  const copy: ActivityClosure[] = closures.map((c, i) => {
    if (!c || typeof c.activityId !== 'string' || !isIsoDate(c.date) || typeof c.reason !== 'string' || c.reason.trim() === '') {
      throw new InvalidArgumentError('INVALID_CLOSURE', `closure #${i} needs an activityId, a date YYYY-MM-DD and a reason`);
    }
    if (c.school !== undefined && (typeof c.school !== 'string' || c.school.trim() === '')) {
      throw new InvalidArgumentError('INVALID_CLOSURE', `closure #${i}: a school, when given, is a name`);
    }
    return { activityId: c.activityId, date: c.date, reason: c.reason, ...(c.school === undefined ? {} : { school: c.school }) };
  });
  return seal(
    {
      municipality: catalog.municipality,
      timezone: catalog.timezone,
      schoolYear: catalog.schoolYear,
      ...(catalog.quotientFamilial ? { quotientFamilial: catalog.quotientFamilial } : {}),
      closedDates: catalog.closedDates,
      activities: catalog.activities,
      closures: copy,
      ...(catalog.regie ? { regie: catalog.regie } : {}),
      ...(catalog.absences ? { absences: catalog.absences } : {}),
    },
    indexOf(catalog),
  );
}

export function getActivity(catalog: Catalog, activityId: string): Activity | undefined {
  return indexOf(catalog).activities.get(activityId)?.activity;
}
