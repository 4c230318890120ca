import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { IPP_STATUS, IppClient, IppStatusError } from '../../../../hardware/laser/ipp-client';
import { IppPrinterEmulator } from '../../../../hardware/laser/ipp-emulator';
import { DELIMITER_TAG, integerValue, ipp, stringValues } from '../../../../hardware/laser/ipp-message';

const emulators: IppPrinterEmulator[] = [];
const PDF = new TextEncoder().encode('%PDF-1.4 test');

afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

async function started(options: ConstructorParameters<typeof IppPrinterEmulator>[0] = {}) {
  const emulator = new IppPrinterEmulator(options);
  emulators.push(emulator);
  const client = new IppClient(await emulator.start());
  return { emulator, client };
}

/** Get-Jobs as crash recovery asks it: every job with its name and state. */
async function jobs(client: IppClient): Promise<string[]> {
  const answer = await client.send('Get-Jobs', 0x000a, [{ name: 'which-jobs', values: [ipp.keyword('all')] }]);
  return answer.groups
    .filter((group) => group.tag === DELIMITER_TAG.job)
    .map((group) => {
      const find = (name: string) => group.attributes.find((a) => a.name === name);
      return `${integerValue(find('job-id'))} ${stringValues(find('job-name'))[0]} ${integerValue(find('job-state'))}`;
    });
}

describe('the IPP printer emulator', () => {
  it('keeps only the newest printed documents in memory, so a kiosk running for weeks does not grow', async () => {
    const { emulator, client } = await started({ keepDocuments: 2 });
    for (const title of ['first', 'second', 'third']) await client.printJob(PDF, { title });
    expect(emulator.receivedDocuments().map((d) => d.title)).toEqual(['second', 'third']);
    expect(emulator.printedTitles()).toEqual(['first', 'second', 'third']);
    // The job history still answers crash recovery for every job.
    expect(await jobs(client)).toEqual(['1 first 9', '2 second 9', '3 third 9']);
  });

  it('holds jobs while stopped, prints them when the fault clears, and lists every job by name', async () => {
    const { emulator, client } = await started();
    expect(await client.printJob(PDF, { title: 'first' })).toBe(1);
    emulator.injectFault('offline');
    expect((await client.getPrinterAttributes()).state).toBe('stopped');
    const held = await client.printJob(PDF, { title: 'second' });
    expect((await client.getJobAttributes(held)).state).toBe('pending');
    expect(emulator.receivedDocuments().map((d) => d.title)).toEqual(['first']);

    emulator.clearFault();
    expect((await client.getJobAttributes(held)).state).toBe('completed');
    expect(emulator.receivedDocuments().map((d) => d.title)).toEqual(['first', 'second']);
    expect(await jobs(client)).toEqual(['1 first 9', '2 second 9']);
  });

  it('cancels a held job, which then never prints, and refuses to cancel a printed one', async () => {
    const { emulator, client } = await started();
    emulator.injectFault('media-empty');
    const held = await client.printJob(PDF, { title: 'held' });
    await client.cancelJob(held);
    emulator.clearFault();
    expect((await client.getJobAttributes(held)).state).toBe('canceled');
    expect(emulator.receivedDocuments()).toEqual([]);

    const printed = await client.printJob(PDF, { title: 'printed' });
    await expect(client.cancelJob(printed)).rejects.toMatchObject({ status: IPP_STATUS.notPossible });
    await expect(client.getJobAttributes(99)).rejects.toBeInstanceOf(IppStatusError);
  });

  it('answers garbage with an HTTP error and keeps serving', async () => {
    const { emulator, client } = await started();
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(emulator.uri, { method: 'POST', headers: { 'Content-Type': 'application/ipp' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject);
      req.end(Buffer.from([1, 1, 0]));
    });
    expect(status).toBe(400);
    expect((await client.getPrinterAttributes()).state).toBe('idle');
  });
});
