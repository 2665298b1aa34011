import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from './api-error';

const ANSWERS: Record<string, { status: number; reason: string; message: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', message: 'The request line or headers are too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', message: 'The request took too long to arrive' },
};
const MALFORMED = { status: 400, reason: 'Bad Request', message: 'Malformed HTTP request' };

/**
 * Requests Node's HTTP parser refuses (headers over 16 KB, a broken request line…) never reach
 * Express: Node answers them itself with an empty body. This answers them in the contract's error
 * shape instead, then closes the connection, as Node does.
 */
export function answerHttpParserErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const answer = (error.code && ANSWERS[error.code]) || MALFORMED;
    const body = JSON.stringify(new ApiError('BAD_REQUEST', answer.message).toBody());
    socket.end(
      `HTTP/1.1 ${answer.status} ${answer.reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
