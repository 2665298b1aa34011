import { randomInt, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorPage, paymentPage } from './payfip-simulator.page';
import {
  clientFault,
  creerPaiementSecuriseResponse,
  fonctionnelleErreurFault,
  readSoapRequest,
  recupererDetailPaiementSecuriseResponse,
  type SoapRequest,
} from './payfip-simulator.messages';

/**
 * A local stand-in for PayFiP (web-service mode), speaking its messages over HTTP:
 *
 * - `POST /tpa/services/securite`: SOAP 1.1 `creerPaiementSecurise` (→ `idOp`) and
 *   `recupererDetailPaiementSecurise` (→ the outcome; fault `P5` while no outcome — in progress,
 *   or expired after 15 minutes —, `P1` for an idOp it does not know, e.g. after `purge()`);
 * - `GET /tpa/paiementws.web?idop=…`: the payment page, one button per outcome (P card paid,
 *   V direct debit paid, R card refused, Z debit refused, A abandoned); 410 once the idOp's
 *   15 minutes are over;
 * - `POST /tpa/paiementws.web` (the buttons): records the outcome, posts `idop` (form-encoded) to
 *   the payment's `urlnotif`, then sends the browser to its `urlredirect` (303).
 *
 * Its clock is injected (tests share the app's manual clock); `notificationMode` drops or
 * duplicates the notification. Functional errors of `creerPaiementSecurise` are faults with the
 * simulator's own code `V1` (PayFiP's real codes for them are not documented publicly).
 * Demo and tests only: it takes no money.
 */

export const PAYFIP_SIMULATOR_SERVICE_PATH = '/tpa/services/securite';
export const PAYFIP_SIMULATOR_PAGE_PATH = '/tpa/paiementws.web';
/** How long an idOp can be paid. */
export const SIMULATED_IDOP_LIFETIME_MS = 15 * 60_000;

export type NotificationMode = 'deliver' | 'drop' | 'duplicate';
export type SimulatedResult = 'P' | 'V' | 'R' | 'Z' | 'A';

export interface PayfipSimulatorOptions {
  readonly clock?: () => Date;
  /** Accept only this régie (any 6 digits when unset). */
  readonly numcli?: string;
  readonly newIdOp?: () => string;
  /** Where a notification really goes, given the `urlnotif` received (tests: the app's address is known once it listens). */
  readonly notificationUrl?: (urlnotif: string) => string;
  readonly host?: string;
  readonly port?: number;
}

export interface SimulatedOperation {
  readonly idOp: string;
  readonly numcli: string;
  readonly exer: string;
  readonly refdet: string;
  readonly montant: string;
  readonly mel: string;
  readonly objet: string;
  readonly saisie: string;
  readonly urlnotif: string;
  readonly urlredirect: string;
  readonly createdAt: Date;
  result?: { readonly resultrans: SimulatedResult; readonly at: Date; readonly numauto: string };
}

export interface SentNotification {
  readonly idOp: string;
  readonly url: string;
  /** HTTP status of the answer, or the error when there was none. */
  readonly status?: number;
  readonly error?: string;
}

const RESULTS: readonly SimulatedResult[] = ['P', 'V', 'R', 'Z', 'A'];
const BODY_LIMIT = 64 * 1024;

export class PayfipSimulator {
  notificationMode: NotificationMode = 'deliver';
  /** Every notification the simulator posted, in order. */
  readonly notifications: SentNotification[] = [];
  /** Every SOAP request it read, in order. */
  readonly calls: SoapRequest[] = [];
  private readonly operations = new Map<string, SimulatedOperation>();
  private readonly clock: () => Date;
  private readonly newIdOp: () => string;
  private server: Server | undefined;
  private baseUrl = '';

  constructor(private readonly options: PayfipSimulatorOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.newIdOp = options.newIdOp ?? (() => randomUUID());
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    this.server = server;
    this.baseUrl = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** `PAYFIP_SERVICE_URL` for the app. */
  get serviceUrl(): string {
    return `${this.baseUrl}${PAYFIP_SIMULATOR_SERVICE_PATH}`;
  }

  /** `PAYFIP_PAYMENT_PAGE_URL` for the app. */
  get paymentPageUrl(): string {
    return `${this.baseUrl}${PAYFIP_SIMULATOR_PAGE_PATH}`;
  }

  operation(idOp: string): SimulatedOperation | undefined {
    return this.operations.get(idOp);
  }

  /** PayFiP's overnight purge: every idOp becomes unknown (`P1`). */
  purge(): void {
    this.operations.clear();
  }

  private expired(operation: SimulatedOperation, now: Date): boolean {
    return now.getTime() >= operation.createdAt.getTime() + SIMULATED_IDOP_LIFETIME_MS;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://simulator');
      if (url.pathname === PAYFIP_SIMULATOR_SERVICE_PATH && req.method === 'POST') return this.soap(await readBody(req), res);
      if (url.pathname === PAYFIP_SIMULATOR_PAGE_PATH && req.method === 'GET') return this.page(url.searchParams.get('idop') ?? '', res);
      if (url.pathname === PAYFIP_SIMULATOR_PAGE_PATH && req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        return await this.submit(form.get('idop') ?? '', form.get('resultrans') ?? '', res);
      }
      send(res, 404, errorPage('Page introuvable', 'Cette adresse n’existe pas sur le simulateur PayFiP.'));
    } catch (error) {
      send(res, 500, errorPage('Erreur', error instanceof Error ? error.message : String(error)));
    }
  }

  private soap(body: string, res: ServerResponse): void {
    const request = readSoapRequest(body);
    if (request === undefined) return sendXml(res, 500, clientFault('not a request of PaiementSecuriseService'));
    this.calls.push(request);
    if (request.operation === 'creerPaiementSecurise') return this.create(request, res);
    const operation = this.operations.get(request.arg0['idOp'] ?? '');
    if (operation === undefined) return sendXml(res, 500, fonctionnelleErreurFault('P1', 'IdOp incorrect.'));
    if (operation.result === undefined) return sendXml(res, 500, fonctionnelleErreurFault('P5', 'Transaction en cours ou expirée.'));
    const { dattrans, heurtrans } = frenchDateTime(operation.result.at);
    return sendXml(
      res,
      200,
      recupererDetailPaiementSecuriseResponse({
        dattrans,
        exer: operation.exer,
        heurtrans,
        idOp: operation.idOp,
        mel: operation.mel,
        montant: operation.montant,
        numauto: operation.result.numauto,
        numcli: operation.numcli,
        objet: operation.objet,
        refdet: operation.refdet,
        resultrans: operation.result.resultrans,
        saisie: operation.saisie,
      }),
    );
  }

  private create(request: SoapRequest, res: ServerResponse): void {
    const a = request.arg0;
    const field = (name: string) => a[name] ?? '';
    const problem =
      (!/^\d{6}$/.test(field('numcli')) || (this.options.numcli !== undefined && field('numcli') !== this.options.numcli) ? 'numcli inconnu' : undefined) ??
      (!/^\d{4}$/.test(field('exer')) ? 'exer invalide' : undefined) ??
      (!/^[A-Za-z0-9]{1,30}$/.test(field('refdet')) ? 'refdet invalide' : undefined) ??
      (!/^\d+$/.test(field('montant')) || Number(field('montant')) < 100 || Number(field('montant')) > 10_000_000 ? 'montant invalide' : undefined) ??
      (field('mel').length < 6 || field('mel').length > 80 || !field('mel').includes('@') ? 'mel invalide' : undefined) ??
      (!/^[A-Za-z0-9 ]{0,100}$/.test(field('objet')) ? 'objet invalide' : undefined) ??
      (!['T', 'X', 'W'].includes(field('saisie')) ? 'saisie invalide' : undefined) ??
      (!isHttpUrl(field('urlnotif')) ? 'urlnotif invalide' : undefined) ??
      (!isHttpUrl(field('urlredirect')) ? 'urlredirect invalide' : undefined);
    if (problem !== undefined) return sendXml(res, 500, fonctionnelleErreurFault('V1', problem));
    const idOp = this.newIdOp();
    this.operations.set(idOp, {
      idOp,
      numcli: field('numcli'),
      exer: field('exer'),
      refdet: field('refdet'),
      montant: field('montant'),
      mel: field('mel'),
      objet: field('objet'),
      saisie: field('saisie'),
      urlnotif: field('urlnotif'),
      urlredirect: field('urlredirect'),
      createdAt: this.clock(),
    });
    return sendXml(res, 200, creerPaiementSecuriseResponse(idOp));
  }

  private page(idOp: string, res: ServerResponse): void {
    const operation = this.operations.get(idOp);
    if (operation === undefined) return send(res, 404, errorPage('Opération inconnue', 'Cette opération de paiement est inconnue.'));
    if (operation.result !== undefined) return send(res, 409, errorPage('Opération terminée', 'Cette opération de paiement est déjà terminée.'));
    if (this.expired(operation, this.clock())) return send(res, 410, errorPage('Opération expirée', 'Le délai de paiement de 15 minutes est dépassé.'));
    send(
      res,
      200,
      paymentPage(
        { idOp, montantCents: Number(operation.montant), objet: operation.objet, refdet: operation.refdet, mel: operation.mel },
        PAYFIP_SIMULATOR_PAGE_PATH,
      ),
    );
  }

  private async submit(idOp: string, resultrans: string, res: ServerResponse): Promise<void> {
    const operation = this.operations.get(idOp);
    if (operation === undefined) return send(res, 404, errorPage('Opération inconnue', 'Cette opération de paiement est inconnue.'));
    if (!RESULTS.includes(resultrans as SimulatedResult)) return send(res, 400, errorPage('Requête invalide', 'Résultat inconnu.'));
    const now = this.clock();
    if (operation.result === undefined) {
      if (this.expired(operation, now)) return send(res, 410, errorPage('Opération expirée', 'Le délai de paiement de 15 minutes est dépassé.'));
      const paid = resultrans === 'P' || resultrans === 'V';
      operation.result = { resultrans: resultrans as SimulatedResult, at: now, numauto: paid ? String(randomInt(100000, 1000000)) : '' };
    }
    await this.notify(operation);
    res.writeHead(303, { location: operation.urlredirect });
    res.end();
  }

  /** Posts `idop` to the operation's `urlnotif` (none, once or twice as `notificationMode` says). */
  private async notify(operation: SimulatedOperation): Promise<void> {
    const times = this.notificationMode === 'drop' ? 0 : this.notificationMode === 'duplicate' ? 2 : 1;
    const url = this.options.notificationUrl ? this.options.notificationUrl(operation.urlnotif) : operation.urlnotif;
    for (let i = 0; i < times; i++) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ idop: operation.idOp }).toString(),
          signal: AbortSignal.timeout(30_000),
        });
        await response.arrayBuffer();
        this.notifications.push({ idOp: operation.idOp, url, status: response.status });
      } catch (error) {
        this.notifications.push({ idOp: operation.idOp, url, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}

/** `dattrans` (DDMMYYYY) and `heurtrans` (HHMM) in French time. */
function frenchDateTime(at: Date): { dattrans: string; heurtrans: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return { dattrans: `${parts['day']}${parts['month']}${parts['year']}`, heurtrans: `${parts['hour']}${parts['minute']}` };
}

function isHttpUrl(text: string): boolean {
  return /^https?:\/\//.test(text) && URL.canParse(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
  res.end(html);
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
  res.end(xml);
}
