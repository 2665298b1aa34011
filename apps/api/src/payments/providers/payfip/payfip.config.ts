import { z } from 'zod';
import type { PayfipSaisie } from './payfip-soap.messages';

/** PayFiP's production addresses (web-service mode). */
export const PAYFIP_DEFAULT_SERVICE_URL = 'https://www.payfip.gouv.fr/tpa/services/securite';
export const PAYFIP_DEFAULT_PAYMENT_PAGE_URL = 'https://www.payfip.gouv.fr/tpa/paiementws.web';
/** The régie number the simulator takes when PAYFIP_NUMCLI is not given. */
export const PAYFIP_SIMULATOR_NUMCLI = '000000';

/** `AppConfig.payfip`: set when `PERISCOL_PAYMENTS=payfip`. */
export interface PayfipConfig {
  readonly numcli: string;
  readonly saisie: PayfipSaisie;
  /** Null with the simulator: its address is known once it listens. */
  readonly serviceUrl: string | null;
  readonly paymentPageUrl: string | null;
  /** PAYFIP_SIMULATOR=1: the app starts the PayFiP simulator and uses it (demo mode only). */
  readonly simulator: boolean;
}

const optionalText = z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), z.string().trim().optional());
const httpUrl = optionalText.pipe(
  z
    .string()
    .refine((text) => /^https?:\/\//.test(text) && URL.canParse(text), { message: 'must be an http:// or https:// URL' })
    .optional(),
);

/** The PayFiP variables, merged into the app's environment schema. */
export const payfipEnvShape = {
  PAYFIP_NUMCLI: optionalText.pipe(z.string().regex(/^\d{6}$/, { message: 'must be the régie’s PayFiP client number: 6 digits' }).optional()),
  PAYFIP_SAISIE: optionalText.pipe(z.enum(['T', 'X', 'W'], { message: 'must be T (test), X (activation) or W (production)' }).optional()),
  PAYFIP_SERVICE_URL: httpUrl,
  PAYFIP_PAYMENT_PAGE_URL: httpUrl,
  PAYFIP_SIMULATOR: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.enum(['0', '1'], { message: 'must be 1 (start the PayFiP simulator) or 0' }).optional(),
  ),
};

type PayfipVars = { readonly [K in keyof typeof payfipEnvShape]?: z.infer<(typeof payfipEnvShape)[K]> };

/** PayFiP's configuration from the parsed variables, or the problems (one line each). */
export function payfipConfigOf(vars: PayfipVars, selected: boolean, demo: boolean): { readonly config: PayfipConfig | null; readonly problems: readonly string[] } {
  const problems: string[] = [];
  const simulator = vars.PAYFIP_SIMULATOR === '1';
  if (!selected) {
    const stray = (Object.keys(payfipEnvShape) as (keyof PayfipVars)[]).filter((name) => vars[name] !== undefined && !(name === 'PAYFIP_SIMULATOR' && !simulator));
    if (stray.length > 0) problems.push(`${stray[0]}: PayFiP settings are used only with PERISCOL_PAYMENTS=payfip`);
    return { config: null, problems };
  }
  if (simulator) {
    if (!demo) problems.push('PAYFIP_SIMULATOR: the PayFiP simulator takes no money: demo mode only (PERISCOL_DEMO=1)');
    if (vars.PAYFIP_SERVICE_URL || vars.PAYFIP_PAYMENT_PAGE_URL) {
      problems.push('PAYFIP_SIMULATOR: the simulator gives its own addresses: unset PAYFIP_SERVICE_URL and PAYFIP_PAYMENT_PAGE_URL');
    }
  } else {
    if (!vars.PAYFIP_NUMCLI) problems.push('PAYFIP_NUMCLI: required with PERISCOL_PAYMENTS=payfip (the régie’s 6-digit PayFiP client number)');
    if (!vars.PAYFIP_SAISIE) problems.push('PAYFIP_SAISIE: required with PERISCOL_PAYMENTS=payfip: T (test), X (activation) or W (production)');
  }
  if (problems.length > 0) return { config: null, problems };
  return {
    config: {
      numcli: vars.PAYFIP_NUMCLI ?? PAYFIP_SIMULATOR_NUMCLI,
      saisie: vars.PAYFIP_SAISIE ?? 'T',
      serviceUrl: simulator ? null : (vars.PAYFIP_SERVICE_URL ?? PAYFIP_DEFAULT_SERVICE_URL),
      paymentPageUrl: simulator ? null : (vars.PAYFIP_PAYMENT_PAGE_URL ?? PAYFIP_DEFAULT_PAYMENT_PAGE_URL),
      simulator,
    },
    problems,
  };
}
