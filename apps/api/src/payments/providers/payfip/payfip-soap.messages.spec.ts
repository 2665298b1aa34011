import { XMLParser } from 'fast-xml-parser';
import { exerOf, isPayfipMel, objetOf, refdetOf, REFDET_PATTERN, transactionFields, transactionInstant } from './payfip-fields';
import {
  creerPaiementSecuriseRequest,
  parseCreerPaiementSecuriseResponse,
  parseRecupererDetailPaiementSecuriseResponse,
  PAYFIP_SERVICE_NS,
  PayfipMessageError,
  recupererDetailPaiementSecuriseRequest,
  SOAP_ENVELOPE_NS,
  type CreerPaiementSecuriseRequest,
} from './payfip-soap.messages';
import {
  creerPaiementSecuriseResponse,
  fonctionnelleErreurFault,
  readSoapRequest,
  recupererDetailPaiementSecuriseResponse,
} from './simulator/payfip-simulator.messages';

const request: CreerPaiementSecuriseRequest = {
  exer: '2026',
  mel: 'parents.dupre+école@example.org',
  montant: 420,
  numcli: '012345',
  objet: 'Reservations periscolaires commande ord 1',
  refdet: 'P0123456789ABCDEF0123456789ABC',
  saisie: 'T',
  urlnotif: 'https://periscol.example.fr/api/payments/payfip/webhook',
  urlredirect: 'https://periscol.example.fr/#/commande/ord-1?paiement=ok&x=<1>',
};

/** The XML as a tree with its prefixes and namespace declarations kept. */
const raw = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false });

describe('PayFiP SOAP messages', () => {
  it('creerPaiementSecurise: a SOAP 1.1 envelope, the service namespace, arg0 with the nine fields in the WSDL order', () => {
    const xml = creerPaiementSecuriseRequest(request);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const tree = raw.parse(xml) as Record<string, Record<string, unknown>>;
    const envelope = tree['soapenv:Envelope'] as Record<string, unknown>;
    expect(envelope['@xmlns:soapenv']).toBe(SOAP_ENVELOPE_NS);
    expect(envelope['@xmlns:pai']).toBe(PAYFIP_SERVICE_NS);
    const arg0 = ((envelope['soapenv:Body'] as Record<string, unknown>)['pai:creerPaiementSecurise'] as Record<string, Record<string, string>>).arg0;
    expect(Object.keys(arg0)).toEqual(['exer', 'mel', 'montant', 'numcli', 'objet', 'refdet', 'saisie', 'urlnotif', 'urlredirect']);
    expect(arg0).toEqual({ ...request, montant: '420' });
    // Escaped by the builder, not by hand: the ampersand and angle brackets of the URL survive.
    expect(xml).toContain('paiement=ok&amp;x=&lt;1&gt;');
    expect(xml).not.toContain('<1>');
  });

  it('round trip: what the adapter sends, the simulator reads field for field (both operations)', () => {
    expect(readSoapRequest(creerPaiementSecuriseRequest(request))).toEqual({ operation: 'creerPaiementSecurise', arg0: { ...request, montant: '420' } });
    expect(readSoapRequest(recupererDetailPaiementSecuriseRequest('a1b2-c3'))).toEqual({ operation: 'recupererDetailPaiementSecurise', arg0: { idOp: 'a1b2-c3' } });
  });

  it('round trip: the simulator’s answers read back as the idOp and the payment’s detail', () => {
    expect(parseCreerPaiementSecuriseResponse(creerPaiementSecuriseResponse('cc0cb210-1cd4-11ea-8cca-0213ad91a103'))).toEqual({
      ok: true,
      value: { idOp: 'cc0cb210-1cd4-11ea-8cca-0213ad91a103' },
    });
    const detail = {
      dattrans: '26112026',
      exer: '2026',
      heurtrans: '1005',
      idOp: 'op-1',
      mel: 'a@b.fr&co',
      montant: '420',
      numauto: '123456',
      numcli: '012345',
      objet: 'Reservations',
      refdet: 'P1',
      resultrans: 'P',
      saisie: 'T',
    };
    expect(parseRecupererDetailPaiementSecuriseResponse(recupererDetailPaiementSecuriseResponse(detail))).toEqual({ ok: true, value: detail });
  });

  it('reads PayFiP’s own answer, prefixes and all (an empty numauto on a refusal)', () => {
    const xml = `<?xml version='1.0' encoding='UTF-8'?>
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>
<ns2:recupererDetailPaiementSecuriseResponse xmlns:ns2="${PAYFIP_SERVICE_NS}"><return>
<dattrans>07122026</dattrans><exer>2026</exer><heurtrans>0930</heurtrans><idOp>op-2</idOp><mel>x@y.fr</mel>
<montant>1000</montant><numauto/><numcli>012345</numcli><objet>O</objet><refdet>P2</refdet><resultrans>R</resultrans><saisie>W</saisie>
</return></ns2:recupererDetailPaiementSecuriseResponse></S:Body></S:Envelope>`;
    const answer = parseRecupererDetailPaiementSecuriseResponse(xml);
    expect(answer).toMatchObject({ ok: true, value: { resultrans: 'R', numauto: '', montant: '1000', dattrans: '07122026', heurtrans: '0930' } });
  });

  it('reads faults: P1 and P5 with their FonctionnelleErreur code', () => {
    for (const code of ['P1', 'P5']) {
      const answer = parseRecupererDetailPaiementSecuriseResponse(fonctionnelleErreurFault(code, 'Transaction en cours'));
      expect(answer).toEqual({
        ok: false,
        fault: {
          faultcode: 'S:Server',
          faultstring: 'fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur',
          code,
          descriptif: 'Transaction en cours',
          libelle: 'Transaction en cours',
        },
      });
    }
  });

  it('refuses what is not an answer: not XML, not SOAP, another operation, a document type declaration', () => {
    expect(() => parseCreerPaiementSecuriseResponse('<html><body>502 Bad Gateway</body></html>')).toThrow(PayfipMessageError);
    expect(() => parseCreerPaiementSecuriseResponse(recupererDetailPaiementSecuriseResponse({ resultrans: 'P' } as never))).toThrow(PayfipMessageError);
    expect(() => parseRecupererDetailPaiementSecuriseResponse(creerPaiementSecuriseResponse('x'))).toThrow(PayfipMessageError);
    const withDoctype = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>${creerPaiementSecuriseResponse('&e;')}`;
    expect(() => parseCreerPaiementSecuriseResponse(withDoctype)).toThrow(PayfipMessageError);
    expect(readSoapRequest(`<!DOCTYPE x []>${recupererDetailPaiementSecuriseRequest('a')}`)).toBeUndefined();
  });
});

describe('PayFiP fields', () => {
  it('refdet: 30 letters and digits, the same for the same payment, another for another', () => {
    const refdet = refdetOf('pay-3f1c0a');
    expect(refdet).toMatch(REFDET_PATTERN);
    expect(refdet).toHaveLength(30);
    expect(refdetOf('pay-3f1c0a')).toBe(refdet);
    expect(refdetOf('pay-3f1c0b')).not.toBe(refdet);
  });

  it('objet: letters, digits and spaces only, at most 100', () => {
    expect(objetOf('Réservations périscolaires — commande ord_1')).toBe('Reservations periscolaires commande ord 1');
    expect(objetOf('x'.repeat(150))).toHaveLength(100);
  });

  it('mel: 6 to 80 characters with an @', () => {
    expect(isPayfipMel('a@b.fr')).toBe(true);
    expect(isPayfipMel('a@b.f')).toBe(false);
    expect(isPayfipMel(`${'a'.repeat(75)}@b.fr`)).toBe(true);
    expect(isPayfipMel(`${'a'.repeat(76)}@b.fr`)).toBe(false);
    expect(isPayfipMel('parents.example.org')).toBe(false);
  });

  it('exer, dattrans and heurtrans are French time (a New Year’s Eve payment at 23:30 UTC is next year’s)', () => {
    expect(exerOf(new Date('2026-12-31T23:30:00Z'))).toBe('2027');
    expect(transactionFields(new Date('2026-12-31T23:30:00Z'))).toEqual({ dattrans: '01012027', heurtrans: '0030' });
    expect(transactionInstant('26112026', '1005')).toEqual(new Date('2026-11-26T09:05:00Z'));
    expect(transactionInstant('01072026', '1005')).toEqual(new Date('2026-07-01T08:05:00Z'));
    expect(transactionInstant('31022026', '1005')).toBeUndefined();
    expect(transactionInstant('2611202', '1005')).toBeUndefined();
    expect(transactionInstant('26112026', '2460')).toBeUndefined();
  });
});
