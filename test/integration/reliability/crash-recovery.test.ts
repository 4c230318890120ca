// kill -9 of the core during approval and printing (a few trials; `npm run reliability`
// runs more): after the restarts every licence an applicant was told about is there
// exactly once, no applicant holds two, every licence is printed, the audit chain holds.
import { describe, expect, it } from 'vitest';
import { runCrashTrials } from './crash-trials';

describe('kill -9 during approval and printing', () => {
  it('loses no licence, duplicates none, resumes every print job and keeps the audit chain', async () => {
    // Six runs: four killed at random moments, two at the narrow windows of one approval
    // (after the licence is issued, after it is queued for printing).
    const report = await runCrashTrials({ trials: 6, seed: 11 });
    expect(report.errors).toEqual([]);
    expect(report.licencesIssued).toBeGreaterThan(0);
    expect(report.killsDuringApproval + report.killsDuringPrinting).toBeGreaterThan(0);
    expect(report.licencesLost, 'approved and told, then missing').toBe(0);
    expect(report.licencesDuplicated, 'applicants holding two licences').toBe(0);
    expect(report.licencesNeverQueued, 'issued, but the kill came before the print job was queued: never printed').toEqual([]);
    expect(report.jobsNotPrinted, 'print jobs that did not resume').toEqual([]);
    // A retry whose licence was issued before the kill is told that licence, not refused as its duplicate.
    expect(report.retriesRejectedAsTaken, 'retries refused as duplicates of their own licence').toBe(0);
    expect(report.issuedButUnanswered, 'issued, and the applicant never told').toBe(0);
    expect(report.audit).toMatchObject({ intact: true });
  }, 180_000);
});
