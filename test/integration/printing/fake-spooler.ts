/**
 * A print spooler on the fake IPP server (test/support/fake-ipp-server.ts) with just
 * enough of CUPS's behaviour for the print queue: a queue that can stop with a reason,
 * jobs that complete at once or are held "processing" until the test completes them (a
 * slow or vanished printer), Cancel-Job, and Get-Jobs over the job history. It can run
 * in the test while the kiosk runs in a child process that gets killed.
 */
import { IPP_OPERATION, IPP_STATUS } from '../../../hardware/laser/ipp-client';
import { DELIMITER_TAG, ipp, stringValues, findAttribute } from '../../../hardware/laser/ipp-message';
import { answerIpp, startFakeIppServer } from '../../support/fake-ipp-server';

const GET_JOBS = 0x000a;
const JOB_STATE = { processing: 5, canceled: 7, completed: 9 } as const;
const PRINTER_STATE = { idle: 3, stopped: 5 } as const;

export interface SpooledPdf {
  readonly id: number;
  readonly name: string;
  state: keyof typeof JOB_STATE;
  readonly pdf: Buffer;
}

export interface FakeSpooler {
  readonly uri: string;
  readonly jobs: SpooledPdf[];
  /** New jobs stay processing until complete() (a slow printer, or one that is gone). */
  holdJobs: boolean;
  /** A printer-state-reasons keyword that stops the queue (media-empty-error, …); undefined: ready. */
  stoppedBy: string | undefined;
  complete(id: number): void;
  /** Jobs that came out of the printer. */
  completed(): SpooledPdf[];
  close(): Promise<void>;
}

export async function startFakeSpooler(): Promise<FakeSpooler> {
  const jobs: SpooledPdf[] = [];
  const state = { holdJobs: false, stoppedBy: undefined as string | undefined };
  const server = await startFakeIppServer((request, res) => {
    const jobOf = () => {
      const id = request.message.groups.flatMap((g) => g.attributes).find((a) => a.name === 'job-id')?.values[0];
      return jobs.find((job) => id?.kind === 'integer' && job.id === id.value);
    };
    const jobGroup = (job: SpooledPdf) => ({
      tag: DELIMITER_TAG.job,
      attributes: [
        { name: 'job-id', values: [ipp.integer(job.id)] },
        { name: 'job-name', values: [ipp.name(job.name)] },
        { name: 'job-state', values: [ipp.enum(JOB_STATE[job.state])] },
      ],
    });
    switch (request.message.code) {
      case IPP_OPERATION.getPrinterAttributes:
        return answerIpp(res, request, IPP_STATUS.ok, [
          {
            tag: DELIMITER_TAG.printer,
            attributes: [
              { name: 'printer-state', values: [ipp.enum(state.stoppedBy ? PRINTER_STATE.stopped : PRINTER_STATE.idle)] },
              { name: 'printer-state-reasons', values: [ipp.keyword(state.stoppedBy ?? 'none')] },
              { name: 'printer-is-accepting-jobs', values: [ipp.boolean(true)] },
            ],
          },
        ]);
      case IPP_OPERATION.printJob: {
        const name = stringValues(findAttribute(request.message, DELIMITER_TAG.operation, 'job-name'))[0] ?? '';
        const job: SpooledPdf = { id: jobs.length + 1, name, state: state.holdJobs ? 'processing' : 'completed', pdf: Buffer.from(request.message.data) };
        jobs.push(job);
        return answerIpp(res, request, IPP_STATUS.ok, [jobGroup(job)]);
      }
      case IPP_OPERATION.getJobAttributes: {
        const job = jobOf();
        return job ? answerIpp(res, request, IPP_STATUS.ok, [jobGroup(job)]) : answerIpp(res, request, IPP_STATUS.notFound);
      }
      case IPP_OPERATION.cancelJob: {
        const job = jobOf();
        if (!job || job.state !== 'processing') return answerIpp(res, request, IPP_STATUS.notPossible);
        job.state = 'canceled';
        return answerIpp(res, request, IPP_STATUS.ok);
      }
      case GET_JOBS:
        return answerIpp(res, request, IPP_STATUS.ok, jobs.map(jobGroup));
      default:
        return answerIpp(res, request, 0x0501);
    }
  });
  return {
    uri: server.uri,
    jobs,
    get holdJobs() {
      return state.holdJobs;
    },
    set holdJobs(hold: boolean) {
      state.holdJobs = hold;
    },
    get stoppedBy() {
      return state.stoppedBy;
    },
    set stoppedBy(reason: string | undefined) {
      state.stoppedBy = reason;
    },
    complete(id) {
      const job = jobs.find((candidate) => candidate.id === id);
      if (job?.state === 'processing') job.state = 'completed';
    },
    completed: () => jobs.filter((job) => job.state === 'completed'),
    close: () => server.close(),
  };
}
