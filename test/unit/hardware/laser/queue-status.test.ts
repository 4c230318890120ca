import { describe, expect, it } from 'vitest';
import type { PrinterAttributes } from '../../../../hardware/laser/ipp-client';
import { describeQueue, meaningOfReason } from '../../../../hardware/laser/queue-status';

const queue = (overrides: Partial<PrinterAttributes>): PrinterAttributes => ({
  state: 'idle',
  reasons: [],
  message: '',
  acceptingJobs: true,
  ...overrides,
});

describe('printer-state-reasons in the status model', () => {
  it.each([
    ['media-empty', 'media-empty', 'error'],
    ['media-empty-error', 'media-empty', 'error'],
    ['media-empty-report', 'media-empty', 'error'],
    ['media-needed-error', 'media-empty', 'error'],
    ['media-empty-warning', 'media-empty', 'warning'],
    ['media-low-report', 'paper-near-end', 'warning'],
    ['media-jam-error', 'jam', 'error'],
    ['cover-open-error', 'cover-open', 'error'],
    ['door-open-report', 'cover-open', 'error'],
    ['interlock-open-error', 'cover-open', 'error'],
    ['toner-low', 'toner-low', 'warning'],
    ['toner-low-report', 'toner-low', 'warning'],
    ['marker-supply-low-warning', 'toner-low', 'warning'],
    ['toner-empty-error', 'toner-low', 'error'],
    ['offline-report', 'offline', 'error'],
    ['connecting-to-device', 'offline', 'error'],
    ['shutdown', 'offline', 'error'],
    ['timed-out-error', 'offline', 'error'],
  ])('%s → %s (%s)', (keyword, reason, level) => {
    expect(meaningOfReason(keyword)).toEqual({ reason, level });
  });

  it.each([
    ['paused', 'ok'],
    ['cups-waiting-for-job-completed', 'ok'],
    ['cups-missing-filter-warning', 'warning'],
    ['fuser-over-temp-error', 'error'],
    ['other-report', 'ok'],
  ])('%s has no reason of its own and level %s', (keyword, level) => {
    expect(meaningOfReason(keyword)).toEqual({ reason: undefined, level });
  });
});

describe('a queue in the status model', () => {
  it('is ok when idle or printing without reasons', () => {
    expect(describeQueue('licence', queue({}))).toMatchObject({ level: 'ok', reasons: [], message: 'queue licence idle', stoppedBy: undefined });
    expect(describeQueue('licence', queue({ state: 'processing', message: 'Printing page 1' }))).toMatchObject({
      level: 'ok',
      reasons: [],
      message: 'queue licence printing (Printing page 1)',
    });
  });

  it('is an error when stopped out of paper, and names that as why it stopped', () => {
    const status = describeQueue('licence', queue({ state: 'stopped', reasons: ['media-empty-error', 'paused'], message: 'out of paper' }));
    expect(status).toEqual({
      level: 'error',
      reasons: ['media-empty'],
      message: 'queue licence stopped: media-empty-error, paused (out of paper)',
      stoppedBy: 'media-empty',
    });
  });

  it('reads a queue stopped without a fault (a technician paused it) as offline', () => {
    expect(describeQueue('q', queue({ state: 'stopped', reasons: ['paused'] }))).toMatchObject({
      level: 'error',
      reasons: ['offline'],
      stoppedBy: 'offline',
    });
  });

  it('reads a queue that rejects jobs as offline even when idle', () => {
    expect(describeQueue('q', queue({ acceptingJobs: false }))).toMatchObject({
      level: 'error',
      reasons: ['offline'],
      message: 'queue q idle, rejecting jobs',
      stoppedBy: 'offline',
    });
  });

  it('warns about toner without stopping anything', () => {
    expect(describeQueue('q', queue({ reasons: ['toner-low-report'] }))).toMatchObject({
      level: 'warning',
      reasons: ['toner-low'],
      stoppedBy: undefined,
    });
  });

  it('reports faults while the queue still runs the job as errors, without calling the queue stopped', () => {
    expect(describeQueue('q', queue({ state: 'processing', reasons: ['offline-report'] }))).toMatchObject({
      level: 'error',
      reasons: ['offline'],
      stoppedBy: undefined,
    });
    expect(describeQueue('q', queue({ state: 'processing', reasons: ['media-empty-error'] }))).toMatchObject({
      level: 'error',
      reasons: ['media-empty'],
      stoppedBy: undefined,
    });
  });

  it('puts errors before warnings, each reason once', () => {
    const status = describeQueue('q', queue({ state: 'processing', reasons: ['toner-low-report', 'offline-report', 'media-jam-error', 'offline'] }));
    expect(status.reasons).toEqual(['offline', 'jam', 'toner-low']);
  });

  it('keeps an unknown error level without inventing a reason for it', () => {
    expect(describeQueue('q', queue({ reasons: ['fuser-over-temp-error'] }))).toMatchObject({
      level: 'error',
      reasons: [],
      message: 'queue q idle: fuser-over-temp-error',
    });
  });
});
