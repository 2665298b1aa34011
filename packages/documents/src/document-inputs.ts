import { IsoDate } from './format/iso-date';

/** Shown in place of any name once the family's personal data has been erased (R17). */
export const ERASED = 'données effacées';
export const DEFAULT_TIME_ZONE = 'Europe/Paris';

export interface MunicipalityInfo {
  readonly name: string;
  /** Postal address; line breaks ('\n') are kept. */
  readonly address?: string;
}

export interface FamilyInfo {
  readonly familyId: string;
  /** null once the person stream is deleted (R17): printed « données effacées ». */
  readonly name: string | null;
}

/** What every document starts with. */
export interface DocumentParties {
  readonly municipality: MunicipalityInfo;
  readonly family: FamilyInfo;
  /** IANA time zone instants are shown in; default 'Europe/Paris'. */
  readonly timeZone?: string;
}

/** A reserved slot as printed: already resolved to names and labels by the caller. */
export interface ReservedLine {
  readonly childId: string;
  /** null once erased (R17). */
  readonly childName: string | null;
  readonly activityLabel: string;
  readonly date: IsoDate;
  readonly unitPriceCents: number;
  /** Why the line costs what it costs (« QF jusqu’à 700 € · PAI (panier repas) · Délibération … »); absent or blank: nothing to say. */
  readonly priceNote?: string;
}

export function nameOrErased(name: string | null | undefined): string {
  return name === null || name === undefined || name.trim() === '' ? ERASED : name;
}
