/** The IPP client against a scripted IPP server on a real loopback socket. */
import { afterEach, describe, expect, it } from 'vitest';
import { IPP_OPERATION, IppClient, IppStatusError, IppTransportError } from '../../../../hardware/laser/ipp-client';
import { DELIMITER_TAG, IppDecodeError, encodeIppMessage, ipp, type IppMessage } from '../../../../hardware/laser/ipp-message';
import { answerIpp as answer, startFakeIppServer, type FakeIppServer, type IppHandler } from '../../../support/fake-ipp-server';

const servers: FakeIppServer[] = [];

async function closeServers(): Promise<void> {
  for (const server of servers.splice(0)) await server.close();
}

afterEach(closeServers);

async function fakeCups(handler: IppHandler): Promise<FakeIppServer> {
  const server = await startFakeIppServer(handler);
  servers.push(server);
  return server;
}

const operationAttributes = (message: IppMessage) =>
  Object.fromEntries(
    (message.groups.find((g) => g.tag === DELIMITER_TAG.operation)?.attributes ?? []).map((a) => [
      a.name,
      a.values.map((v) => ('value' in v ? v.value : v.kind)),
    ]),
  );

const PDF = new TextEncoder().encode('%PDF-1.4 test');

describe('IppClient requests', () => {
  it('sends Print-Job as an IPP/1.1 POST to the queue with the PDF after the attributes', async () => {
    const cups = await fakeCups((request, res) =>
      answer(res, request, 0, [{ tag: DELIMITER_TAG.job, attributes: [{ name: 'job-id', values: [ipp.integer(42)] }] }]),
    );
    const client = new IppClient(cups.uri, { requestingUserName: 'kiosk' });

    expect(await client.printJob(PDF, { title: 'licence 1' })).toBe(42);

    const [request] = cups.received;
    expect(request).toMatchObject({ method: 'POST', url: '/printers/licence', contentType: 'application/ipp' });
    expect(request?.message.version).toEqual([1, 1]);
    expect(request?.message.code).toBe(IPP_OPERATION.printJob);
    expect(operationAttributes(request!.message)).toEqual({
      'attributes-charset': ['utf-8'],
      'attributes-natural-language': ['en'],
      'printer-uri': [cups.uri.replace('http://', 'ipp://')],
      'requesting-user-name': ['kiosk'],
      'job-name': ['licence 1'],
      'document-format': ['application/pdf'],
    });
    expect(request?.message.data).toEqual(PDF);
  });

  it('asks only for the state attributes and reads them from the answer', async () => {
    const cups = await fakeCups((request, res) => {
      if (request.message.code === IPP_OPERATION.getPrinterAttributes) {
        answer(res, request, 0, [
          {
            tag: DELIMITER_TAG.printer,
            attributes: [
              { name: 'printer-state', values: [ipp.enum(5)] },
              { name: 'printer-state-reasons', values: [ipp.keyword('media-empty-error'), ipp.keyword('paused')] },
              { name: 'printer-state-message', values: [ipp.text('out of paper')] },
              { name: 'printer-is-accepting-jobs', values: [ipp.boolean(true)] },
            ],
          },
        ]);
      } else {
        answer(res, request, 0, [
          {
            tag: DELIMITER_TAG.job,
            attributes: [
              { name: 'job-state', values: [ipp.enum(9)] },
              { name: 'job-state-reasons', values: [ipp.keyword('job-completed-successfully')] },
            ],
          },
        ]);
      }
    });
    const client = new IppClient(cups.uri);

    expect(await client.getPrinterAttributes()).toEqual({
      state: 'stopped',
      reasons: ['media-empty-error', 'paused'],
      message: 'out of paper',
      acceptingJobs: true,
    });
    expect(await client.getJobAttributes(3)).toEqual({ id: 3, state: 'completed', reasons: ['job-completed-successfully'], message: '' });
    expect(operationAttributes(cups.received[0]!.message)['requested-attributes']).toEqual([
      'printer-state',
      'printer-state-reasons',
      'printer-state-message',
      'printer-is-accepting-jobs',
    ]);
    expect(operationAttributes(cups.received[1]!.message)['job-id']).toEqual([3]);
  });

  it('sends Cancel-Job with the job id', async () => {
    const cups = await fakeCups((request, res) => answer(res, request, 0));
    await new IppClient(cups.uri).cancelJob(9);
    expect(cups.received[0]?.message.code).toBe(IPP_OPERATION.cancelJob);
    expect(operationAttributes(cups.received[0]!.message)['job-id']).toEqual([9]);
  });

  it('accepts ipp:// URIs, on port 631 unless another is given', () => {
    expect(new IppClient('ipp://127.0.0.1/printers/a').server).toBe('127.0.0.1:631');
    expect(new IppClient('http://127.0.0.1:6310/printers/a%20b').queue).toBe('a b');
    expect(() => new IppClient('https://127.0.0.1/printers/a')).toThrow(/only http/u);
  });
});

describe('IppClient failures', () => {
  it('raises IppStatusError with the status and its message', async () => {
    const cups = await fakeCups((request, res) => {
      res.writeHead(200, { 'Content-Type': 'application/ipp' });
      res.end(
        encodeIppMessage({
          version: [1, 1],
          code: 0x0406,
          requestId: request.message.requestId,
          groups: [{ tag: DELIMITER_TAG.operation, attributes: [{ name: 'status-message', values: [ipp.text('The printer does not exist.')] }] }],
          data: new Uint8Array(0),
        }),
      );
    });
    const error = await new IppClient(cups.uri).getPrinterAttributes().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IppStatusError);
    expect(error).toMatchObject({ status: 0x0406, message: expect.stringContaining('The printer does not exist.') });
  });

  it('raises IppTransportError for HTTP errors, non-IPP answers, silence and refused connections', async () => {
    const notFound = await fakeCups((_r, res) => res.writeHead(404).end());
    await expect(new IppClient(notFound.uri).getPrinterAttributes()).rejects.toThrow(IppTransportError);

    const html = await fakeCups((_r, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>'));
    await expect(new IppClient(html.uri).getPrinterAttributes()).rejects.toThrow(/not application\/ipp/u);

    const silent = await fakeCups(() => undefined);
    await expect(new IppClient(silent.uri, { timeoutMs: 100 }).getPrinterAttributes()).rejects.toThrow(/no answer within 100 ms/u);

    const big = await fakeCups((_r, res) => res.writeHead(200, { 'Content-Type': 'application/ipp' }).end(Buffer.alloc(4096)));
    await expect(new IppClient(big.uri, { maxResponseBytes: 1024 }).getPrinterAttributes()).rejects.toThrow(/larger than 1024/u);

    const closed = await fakeCups(() => undefined);
    const port = new URL(closed.uri).port;
    await closeServers();
    await expect(new IppClient(`http://127.0.0.1:${port}/printers/x`).getPrinterAttributes()).rejects.toThrow(IppTransportError);
  });

  it('raises IppDecodeError for a garbled IPP answer', async () => {
    const cups = await fakeCups((_r, res) => res.writeHead(200, { 'Content-Type': 'application/ipp' }).end(Buffer.from([1, 1, 0])));
    await expect(new IppClient(cups.uri).getPrinterAttributes()).rejects.toThrow(IppDecodeError);
  });

  it('raises IppTransportError for an answer without the state it asked for', async () => {
    const cups = await fakeCups((request, res) => answer(res, request, 0));
    await expect(new IppClient(cups.uri).getPrinterAttributes()).rejects.toThrow(/no known printer-state/u);
    await expect(new IppClient(cups.uri).getJobAttributes(1)).rejects.toThrow(/no known job-state/u);
    await expect(new IppClient(cups.uri).printJob(PDF, { title: 't' })).rejects.toThrow(/no job-id/u);
  });
});
