/**
 * A small HTTP server on a real loopback socket that decodes IPP requests and answers
 * as a test scripts it, for unit tests of the IPP client and the laser driver; the
 * real CUPS is in test/support/cupsd.ts.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DELIMITER_TAG, decodeIppMessage, encodeIppMessage, ipp, type IppGroup, type IppMessage } from '../../hardware/laser/ipp-message';

export interface ReceivedIpp {
  readonly method: string;
  readonly url: string;
  readonly contentType: string;
  readonly message: IppMessage;
}

export type IppHandler = (request: ReceivedIpp, res: ServerResponse) => void;

export interface FakeIppServer {
  /** http://127.0.0.1:PORT/printers/licence */
  readonly uri: string;
  readonly received: ReceivedIpp[];
  close(): Promise<void>;
}

export async function startFakeIppServer(handler: IppHandler): Promise<FakeIppServer> {
  const received: ReceivedIpp[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedIpp = {
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'] ?? '',
        message: decodeIppMessage(new Uint8Array(Buffer.concat(chunks))),
      };
      received.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: `http://127.0.0.1:${port}/printers/licence`,
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
