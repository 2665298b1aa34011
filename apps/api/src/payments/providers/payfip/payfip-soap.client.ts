import {
  creerPaiementSecuriseRequest,
  parseCreerPaiementSecuriseResponse,
  parseRecupererDetailPaiementSecuriseResponse,
  recupererDetailPaiementSecuriseRequest,
  type CreerPaiementSecuriseRequest,
  type PaiementSecuriseDetail,
  type PayfipAnswer,
  type PayfipFault,
} from './payfip-soap.messages';

/** PayFiP answered with a SOAP fault (`code`: `P1`, `P5`, …, or undefined for a fault without one). */
export class PayfipFaultError extends Error {
  override readonly name = 'PayfipFaultError';
  readonly code: string | undefined;

  constructor(readonly fault: PayfipFault) {
    super(`PayFiP fault ${fault.code ?? fault.faultcode}: ${fault.descriptif ?? fault.libelle ?? fault.faultstring}`);
    this.code = fault.code;
  }
}

/** PayFiP could not be reached, timed out, or answered something that is not one of its messages. */
export class PayfipTransportError extends Error {
  override readonly name = 'PayfipTransportError';
}

export interface PayfipSoapClientOptions {
  /** The service's endpoint, e.g. `https://www.payfip.gouv.fr/tpa/services/securite`. */
  readonly serviceUrl: string;
  /** Per request (default 15 s). */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** The two operations of PayFiP's `PaiementSecuriseService`, over HTTP with Node's fetch. */
export class PayfipSoapClient {
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(private readonly options: PayfipSoapClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetch = options.fetch ?? fetch;
  }

  /** @throws PayfipFaultError, PayfipTransportError */
  async creerPaiementSecurise(request: CreerPaiementSecuriseRequest): Promise<string> {
    const xml = await this.post(creerPaiementSecuriseRequest(request));
    return unwrap(read(() => parseCreerPaiementSecuriseResponse(xml))).idOp;
  }

  /** @throws PayfipFaultError, PayfipTransportError */
  async recupererDetailPaiementSecurise(idOp: string): Promise<PaiementSecuriseDetail> {
    const xml = await this.post(recupererDetailPaiementSecuriseRequest(idOp));
    return unwrap(read(() => parseRecupererDetailPaiementSecuriseResponse(xml)));
  }

  private async post(body: string): Promise<string> {
    let response: Response;
    try {
      response = await this.fetch(this.options.serviceUrl, {
        method: 'POST',
        headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PayfipTransportError(`PayFiP did not answer: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const text = await response.text().catch((error: unknown) => {
      throw new PayfipTransportError(`PayFiP's answer was cut: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    // SOAP 1.1 faults come with 500; anything else that is not 200 is not an answer of the service.
    if (response.status !== 200 && response.status !== 500) throw new PayfipTransportError(`PayFiP answered HTTP ${response.status}`);
    return text;
  }
}

function read<T>(parse: () => PayfipAnswer<T>): PayfipAnswer<T> {
  try {
    return parse();
  } catch (error) {
    throw new PayfipTransportError(`PayFiP's answer is not readable: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function unwrap<T>(answer: PayfipAnswer<T>): T {
  if (!answer.ok) throw new PayfipFaultError(answer.fault);
  return answer.value;
}
