/**
 * A small HTTP server on a loopback socket that decodes IPP requests and hands them to
 * a handler: the base of the laser printer's emulator (ipp-emulator.ts) and of the
 * scripted servers in the IPP client's unit tests. The real CUPS is test/support/cupsd.ts.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DELIMITER_TAG, decodeIppMessage, encodeIppMessage, ipp, type IppGroup, type IppMessage } from './ipp-message';

export interface ReceivedIpp {
  readonly method: string;
  readonly url: string;
  readonly contentType: string;
  readonly message: IppMessage;
}

export type IppHandler = (request: ReceivedIpp, res: ServerResponse) => void;

export interface IppServerOptions {
  /** The queue's name in the URI; 'licence' by default. */
  readonly queue?: string;
  /** 0 (any free port) by default. */
  readonly port?: number;
  /** Keep every request in `received`, for tests; off by default, so a long-running emulator does not grow. */
  readonly recordRequests?: boolean;
}

export interface IppServer {
  /** http://127.0.0.1:PORT/printers/QUEUE */
  readonly uri: string;
  /** Every request, when started with recordRequests. */
  readonly received: ReceivedIpp[];
  close(): Promise<void>;
}

export async function startIppServer(handler: IppHandler, options: IppServerOptions = {}): Promise<IppServer> {
  const received: ReceivedIpp[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let message: IppMessage;
      try {
        message = decodeIppMessage(new Uint8Array(Buffer.concat(chunks)));
      } catch (error) {
        // Anything can connect to a listening port; garbage gets an HTTP error, not a crash.
        res.writeHead(400, { 'Content-Type': 'text/plain' }).end(`not an IPP request: ${(error as Error).message}`);
        return;
      }
      const request: ReceivedIpp = { method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'] ?? '', message };
      if (options.recordRequests) received.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}/printers/${encodeURIComponent(options.queue ?? 'licence')}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An IPP answer with the given status and attribute groups after the operation group. */
export function answerIpp(res: ServerResponse, request: ReceivedIpp, status: number, groups: readonly IppGroup[] = []): void {
  res.writeHead(200, { 'Content-Type': 'application/ipp' });
  res.end(
    encodeIppMessage({
      version: [1, 1],
      code: status,
      requestId: request.message.requestId,
      groups: [
        {
          tag: DELIMITER_TAG.operation,
          attributes: [
            { name: 'attributes-charset', values: [ipp.charset('utf-8')] },
            { name: 'attributes-natural-language', values: [ipp.naturalLanguage('en')] },
          ],
        },
        ...groups,
      ],
      data: new Uint8Array(0),
    }),
  );
}
