/**
 * Finds a job in the CUPS queue by the name the print queue gave it, for recovery after a
 * crash: the laser driver learns the spooler's job id only once the job is submitted, but
 * the job name is recorded in the database before anything is sent. Uses IPP Get-Jobs
 * (RFC 8011 §4.2.6) with which-jobs=all, so completed jobs that CUPS keeps in its history
 * are found too.
 */
import { IppClient, type JobState } from '../../hardware/laser/ipp-client';
import { DELIMITER_TAG, integerValue, ipp, stringValues, type IppAttribute } from '../../hardware/laser/ipp-message';

const GET_JOBS = 0x000a;
const REQUEST_TIMEOUT_MS = 5000;

const JOB_STATES: Readonly<Record<number, JobState>> = {
  3: 'pending', 4: 'pending-held', 5: 'processing', 6: 'processing-stopped', 7: 'canceled', 8: 'aborted', 9: 'completed',
};

export interface SpooledJob {
  readonly id: number;
  readonly name: string;
  readonly state: JobState;
}

export class SpoolLookup {
  private readonly client: IppClient;

  constructor(printerUri: string) {
    this.client = new IppClient(printerUri);
  }

  /** The newest job of this queue with that name, or undefined; rejects when the spooler does not answer. */
  async jobNamed(name: string): Promise<SpooledJob | undefined> {
    const answer = await this.client.send(
      'Get-Jobs',
      GET_JOBS,
      [
        { name: 'which-jobs', values: [ipp.keyword('all')] },
        { name: 'requested-attributes', values: ['job-id', 'job-name', 'job-state'].map(ipp.keyword) },
      ],
      undefined,
      REQUEST_TIMEOUT_MS,
    );
    const jobs = answer.groups
      .filter((group) => group.tag === DELIMITER_TAG.job)
      .map((group) => toJob(group.attributes))
      .filter((job): job is SpooledJob => job !== undefined && job.name === name);
    return jobs.sort((a, b) => b.id - a.id)[0];
  }

  /** Cancels a job that is still pending or printing; a job that has ended stays as it is. */
  async cancel(jobId: number): Promise<JobState | undefined> {
    await this.client.cancelJob(jobId, REQUEST_TIMEOUT_MS).catch(() => undefined);
    return (await this.client.getJobAttributes(jobId, REQUEST_TIMEOUT_MS)).state;
  }
}

function toJob(attributes: readonly IppAttribute[]): SpooledJob | undefined {
  const find = (name: string) => attributes.find((attribute) => attribute.name === name);
  const id = integerValue(find('job-id'));
  const state = JOB_STATES[integerValue(find('job-state')) ?? 0];
  const name = stringValues(find('job-name'))[0];
  return id === undefined || state === undefined || name === undefined ? undefined : { id, name, state };
}
