import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * Errors Node finds before any request exists (a request that did not arrive within the
 * timeouts, headers too large, bytes that are not HTTP): answered as problem+json like every
 * other bad request, instead of fastify's own JSON, and the connection closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'The request did not arrive in time: send the headers and the body without pausing.']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'The request headers are larger than this server accepts.']
        : [400, 'The request is not valid HTTP.'];
  const body = JSON.stringify({
    type: 'https://loom.dev/problems/LOOM_ERR_HTTP_BAD_REQUEST',
    title: STATUS_CODES[status],
    status,
    detail,
    code: 'LOOM_ERR_HTTP_BAD_REQUEST',
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
