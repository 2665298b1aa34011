import { ConfigError, loadConfig } from '../../../platform/config/app-config';
import { PAYFIP_DEFAULT_PAYMENT_PAGE_URL, PAYFIP_DEFAULT_SERVICE_URL } from './payfip.config';

const SECRET = 'x'.repeat(32);

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  return [];
}

describe('PayFiP configuration', () => {
  it('PERISCOL_PAYMENTS=payfip with the régie’s number and saisie: PayFiP’s own addresses by default', () => {
    const config = loadConfig({ PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'payfip', PAYFIP_NUMCLI: '012345', PAYFIP_SAISIE: 'W' });
    expect(config.payfip).toEqual({ numcli: '012345', saisie: 'W', serviceUrl: PAYFIP_DEFAULT_SERVICE_URL, paymentPageUrl: PAYFIP_DEFAULT_PAYMENT_PAGE_URL, simulator: false });
    expect(config.stripe).toBeNull();
    expect(loadConfig({ PERISCOL_DEMO: '1' }).payfip).toBeNull();
  });

  it('says what is missing or wrong, one line each', () => {
    expect(problemsOf({ PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'payfip' })).toEqual([
      'PAYFIP_NUMCLI: required with PERISCOL_PAYMENTS=payfip (the régie’s 6-digit PayFiP client number)',
      'PAYFIP_SAISIE: required with PERISCOL_PAYMENTS=payfip: T (test), X (activation) or W (production)',
    ]);
    expect(problemsOf({ PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'payfip', PAYFIP_NUMCLI: '12345', PAYFIP_SAISIE: 'P', PAYFIP_SERVICE_URL: 'ftp://x' })).toEqual([
      'PAYFIP_NUMCLI: must be the régie’s PayFiP client number: 6 digits (got "12345")',
      'PAYFIP_SAISIE: must be T (test), X (activation) or W (production) (got "P")',
      'PAYFIP_SERVICE_URL: must be an http:// or https:// URL (got "ftp://x")',
    ]);
    expect(problemsOf({ PERISCOL_DEMO: '1', PAYFIP_NUMCLI: '012345' })).toEqual(['PAYFIP_NUMCLI: PayFiP settings are used only with PERISCOL_PAYMENTS=payfip']);
    expect(problemsOf({ PERISCOL_DEMO: '1', PERISCOL_PAYMENTS: 'payfip', PAYFIP_NUMCLI: '012345', PAYFIP_SAISIE: 'T', STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' })).toEqual([
      'PERISCOL_PAYMENTS: payfip payments and Stripe exclude each other: unset one of PERISCOL_PAYMENTS, STRIPE_SECRET_KEY (got "payfip")',
    ]);
  });

  it('PAYFIP_SIMULATOR=1: demo mode only, its own addresses, a test régie number by default', () => {
    expect(loadConfig({ PERISCOL_DEMO: '1', PERISCOL_PAYMENTS: 'payfip', PAYFIP_SIMULATOR: '1' }).payfip).toEqual({
      numcli: '000000',
      saisie: 'T',
      serviceUrl: null,
      paymentPageUrl: null,
      simulator: true,
    });
    expect(problemsOf({ PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'payfip', PAYFIP_SIMULATOR: '1' })).toEqual([
      'PAYFIP_SIMULATOR: the PayFiP simulator takes no money: demo mode only (PERISCOL_DEMO=1)',
    ]);
    expect(problemsOf({ PERISCOL_DEMO: '1', PERISCOL_PAYMENTS: 'payfip', PAYFIP_SIMULATOR: '1', PAYFIP_SERVICE_URL: 'https://x.fr/s' })).toEqual([
      'PAYFIP_SIMULATOR: the simulator gives its own addresses: unset PAYFIP_SERVICE_URL and PAYFIP_PAYMENT_PAGE_URL',
    ]);
  });
});
