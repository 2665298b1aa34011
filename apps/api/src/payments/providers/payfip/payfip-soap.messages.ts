import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * The SOAP 1.1 messages of PayFiP's web service (« PayFiP Régie web-service »,
 * `PaiementSecuriseService`), as its WSDL describes them: each operation takes one `arg0`
 * element of plain child elements and answers a `return` element. Built and read with
 * fast-xml-parser; the prefixes of the answer do not matter (namespaces are stripped when read).
 */

export const SOAP_ENVELOPE_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const PAYFIP_SERVICE_NS = 'http://securite.service.tpa.cp.finances.gouv.fr/services/mas_securite/contrat_paiement_securise/PaiementSecuriseService';

/** `saisie`: T test, X activation (the régie's first real payments), W production. */
export type PayfipSaisie = 'T' | 'X' | 'W';

/** `resultrans`: P paid by card, V paid by direct debit, R card refused, Z debit refused, A abandoned. */
export const PAYFIP_RESULTS = ['P', 'V', 'R', 'Z', 'A'] as const;
export type PayfipResult = (typeof PAYFIP_RESULTS)[number];

/** The `arg0` of `creerPaiementSecurise`, in the WSDL's order. */
export interface CreerPaiementSecuriseRequest {
  readonly exer: string;
  readonly mel: string;
  readonly montant: number;
  readonly numcli: string;
  readonly objet: string;
  readonly refdet: string;
  readonly saisie: PayfipSaisie;
  readonly urlnotif: string;
  readonly urlredirect: string;
}

/** The `return` of `recupererDetailPaiementSecurise`: every field as PayFiP sends it (text). */
export interface PaiementSecuriseDetail {
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

/** A `FonctionnelleErreur` fault (`P1` unknown idOp, `P5` in progress or expired, …). */
export interface PayfipFault {
  readonly faultcode: string;
  readonly faultstring: string;
  /** The `FonctionnelleErreur` code, when the fault carries one. */
  readonly code?: string;
  readonly descriptif?: string;
  readonly libelle?: string;
}

export type PayfipAnswer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fault: PayfipFault };

/** The answer is not a SOAP message of the expected shape. */
export class PayfipMessageError extends Error {
  override readonly name = 'PayfipMessageError';
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false, format: false });
const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

function envelope(operation: string, arg0: Record<string, string | number>): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    'soapenv:Envelope': {
      '@_xmlns:soapenv': SOAP_ENVELOPE_NS,
      '@_xmlns:pai': PAYFIP_SERVICE_NS,
      'soapenv:Header': '',
      'soapenv:Body': { [`pai:${operation}`]: { arg0 } },
    },
  }) as string;
}

export function creerPaiementSecuriseRequest(request: CreerPaiementSecuriseRequest): string {
  const { exer, mel, montant, numcli, objet, refdet, saisie, urlnotif, urlredirect } = request;
  return envelope('creerPaiementSecurise', { exer, mel, montant, numcli, objet, refdet, saisie, urlnotif, urlredirect });
}

export function recupererDetailPaiementSecuriseRequest(idOp: string): string {
  return envelope('recupererDetailPaiementSecurise', { idOp });
}

export function parseCreerPaiementSecuriseResponse(xml: string): PayfipAnswer<{ readonly idOp: string }> {
  const answer = readAnswer(xml, 'creerPaiementSecuriseResponse');
  if (!answer.ok) return answer;
  const idOp = text(answer.value, 'idOp');
  if (!idOp) throw new PayfipMessageError('creerPaiementSecuriseResponse without idOp');
  return { ok: true, value: { idOp } };
}

export function parseRecupererDetailPaiementSecuriseResponse(xml: string): PayfipAnswer<PaiementSecuriseDetail> {
  const answer = readAnswer(xml, 'recupererDetailPaiementSecuriseResponse');
  if (!answer.ok) return answer;
  const r = answer.value;
  const detail: PaiementSecuriseDetail = {
    dattrans: text(r, 'dattrans'),
    exer: text(r, 'exer'),
    heurtrans: text(r, 'heurtrans'),
    idOp: text(r, 'idOp'),
    mel: text(r, 'mel'),
    montant: text(r, 'montant'),
    numauto: text(r, 'numauto'),
    numcli: text(r, 'numcli'),
    objet: text(r, 'objet'),
    refdet: text(r, 'refdet'),
    resultrans: text(r, 'resultrans'),
    saisie: text(r, 'saisie'),
  };
  if (!detail.resultrans) throw new PayfipMessageError('recupererDetailPaiementSecuriseResponse without resultrans');
  return { ok: true, value: detail };
}

type Node = Record<string, unknown>;

/** The operation's `return` element, or its fault. */
function readAnswer(xml: string, responseElement: string): PayfipAnswer<Node> {
  // SOAP forbids document type declarations; refusing them keeps entity expansion out.
  if (/<!DOCTYPE/i.test(xml)) throw new PayfipMessageError('SOAP message with a document type declaration');
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (error) {
    throw new PayfipMessageError(`not XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = child(child(document, 'Envelope'), 'Body');
  if (body === undefined) throw new PayfipMessageError('not a SOAP envelope');
  const fault = child(body, 'Fault');
  if (fault !== undefined) return { ok: false, fault: faultOf(fault) };
  const response = child(body, responseElement);
  if (response === undefined) throw new PayfipMessageError(`no ${responseElement} in the SOAP body`);
  const value = child(response, 'return');
  if (value === undefined) throw new PayfipMessageError(`${responseElement} without return`);
  return { ok: true, value };
}

function faultOf(fault: Node): PayfipFault {
  const error = child(child(fault, 'detail'), 'FonctionnelleErreur');
  const code = error === undefined ? '' : text(error, 'code');
  const descriptif = error === undefined ? '' : text(error, 'descriptif');
  const libelle = error === undefined ? '' : text(error, 'libelle');
  return {
    faultcode: text(fault, 'faultcode'),
    faultstring: text(fault, 'faultstring'),
    ...(code ? { code } : {}),
    ...(descriptif ? { descriptif } : {}),
    ...(libelle ? { libelle } : {}),
  };
}

function child(node: unknown, name: string): Node | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const value = (node as Node)[name];
  if (Array.isArray(value)) return undefined;
  // An empty element reads as '': an element without children.
  if (value === '') return {};
  return typeof value === 'object' && value !== null ? (value as Node) : undefined;
}

function text(node: Node, name: string): string {
  const value = node[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}
