import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * The simulator's side of PayFiP's SOAP 1.1 messages: reads a request (`arg0` of either
 * operation) and writes the answers and faults the way PayFiP's service (JAX-WS) does. Kept
 * apart from the adapter's messages on purpose: the two sides are written from the WSDL each,
 * so a shape one of them gets wrong shows in the end-to-end tests.
 */

const SOAP_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const SERVICE_NS = 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';
const REPONSE_NS = 'http://securite.service.tpa.cp.finances.gouv.fr/reponse';
/** What PayFiP's faults say in `faultstring` for a functional error. */
export const FONCTIONNELLE_ERREUR = 'fr.gouv.finances.cp.tpa.webservice.exceptions.FonctionnelleErreur';

export type SoapOperation = 'creerPaiementSecurise' | 'recupererDetailPaiementSecurise';

export interface SoapRequest {
  readonly operation: SoapOperation;
  /** The `arg0` children, as text. */
  readonly arg0: Readonly<Record<string, string>>;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false });

/** Reads a SOAP request; undefined when it is not one of the two operations. */
export function readSoapRequest(xml: string): SoapRequest | undefined {
  if (/<!DOCTYPE/i.test(xml)) return undefined;
  let document: unknown;
  try {
    document = parser.parse(xml);
  } catch {
    return undefined;
  }
  const body = field(field(document, 'Envelope'), 'Body');
  for (const operation of ['creerPaiementSecurise', 'recupererDetailPaiementSecurise'] as const) {
    const call = field(body, operation);
    if (call === undefined) continue;
    const arg0 = field(call, 'arg0');
    if (typeof arg0 !== 'object' || arg0 === null) return { operation, arg0: {} };
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(arg0)) if (typeof value === 'string') values[name] = value;
    return { operation, arg0: values };
  }
  return undefined;
}

function respond(operation: SoapOperation, value: Record<string, string>): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'S:Envelope': {
      '@_xmlns:S': SOAP_NS,
      'S:Body': { [`ns2:${operation}Response`]: { '@_xmlns:ns2': SERVICE_NS, return: value } },
    },
  }) as string;
}

export function creerPaiementSecuriseResponse(idOp: string): string {
  return respond('creerPaiementSecurise', { idOp });
}

export interface DetailFields {
  readonly dattrans: string;
  readonly exer: string;
  readonly heurtrans: string;
  readonly idOp: string;
  readonly mel: string;
  readonly montant: string;
  readonly numauto: string;
  readonly numcli: string;
  readonly objet: string;
  readonly refdet: string;
  readonly resultrans: string;
  readonly saisie: string;
}

export function recupererDetailPaiementSecuriseResponse(detail: DetailFields): string {
  return respond('recupererDetailPaiementSecurise', { ...detail });
}

/** A SOAP fault carrying PayFiP's `FonctionnelleErreur` (code, descriptif, libelle, severite). */
export function fonctionnelleErreurFault(code: string, descriptif: string): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'S:Envelope': {
      '@_xmlns:S': SOAP_NS,
      'S:Body': {
        'S:Fault': {
          faultcode: 'S:Server',
          faultstring: FONCTIONNELLE_ERREUR,
          detail: {
            'ns2:FonctionnelleErreur': { '@_xmlns:ns2': REPONSE_NS, code, descriptif, libelle: descriptif, severite: '2' },
          },
        },
      },
    },
  }) as string;
}

/** A SOAP fault for a message that is not a request of the service. */
export function clientFault(message: string): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'S:Envelope': { '@_xmlns:S': SOAP_NS, 'S:Body': { 'S:Fault': { faultcode: 'S:Client', faultstring: message } } },
  }) as string;
}

function field(node: unknown, name: string): unknown {
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[name] : undefined;
}
