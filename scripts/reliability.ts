/**
 * `npm run reliability`: the evidence that faults lose nothing, with its figures.
 *
 *   node --import tsx scripts/reliability.ts [--seed N] [--fuzz-trials N] [--sessions N] [--journey-every N]
 *                                            [--crash-trials N] [--print-trials N] [--only a,b,c,d,e,centre]
 *   (--only soak is section c)
 *
 * (a) fuzzing of every parser and every contract method and session command;
 * (b) malformed updates (truncated address database, rule sets with schema errors);
 * (c) a soak of simulated sessions through a real core, every Nth a whole registration
 *     (face, decision, licence printed), heap and handles compared;
 * (d) kill -9 of the core during approval and printing, then restart;
 * (e) each device disconnected and reconnected mid-operation (printers mid-job, the ID
 *     reader mid-read, the camera during the face step);
 * (centre) the centre under faults: kill -9 and restarts of the centre, PostgreSQL
 *     crashed, the network cut at every step of facts → issue and of a sync batch,
 *     requests and batches delivered twice, the centre killed inside a batch, a kiosk
 *     process killed with its batch in flight,
 *     kiosk clocks 10 minutes off, the 50-kiosk name race (runs the built centre).
 * The vitest suites (test/unit/fuzz, test/integration/reliability) run the same code
 * smaller. Exits 1 when any figure misses its target.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { runCentreTrials } from '../test/integration/reliability/centre-trials';
import { addressUpdateTrials, ruleSetUpdateTrials } from '../test/integration/reliability/malformed-updates';
import { runCrashTrials } from '../test/integration/reliability/crash-trials';
import { runDeviceFaults } from '../test/integration/reliability/device-faults';
import { FACE_JOURNEY_ENV, prepareFaceJourney } from '../test/integration/reliability/registration-journey';
import { soakSessions } from '../test/integration/reliability/soak';
import { startTestCore } from '../test/support/core';
import { contractFuzz } from '../test/unit/fuzz/contract-targets';
import { fuzz, type FuzzTally } from '../test/unit/fuzz/fuzz-runner';
import { parserTargets } from '../test/unit/fuzz/parser-targets';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    'fuzz-trials': { type: 'string', default: '5000' },
    sessions: { type: 'string', default: '2000' },
    'journey-every': { type: 'string', default: '4' },
    'crash-trials': { type: 'string', default: '12' },
    'print-trials': { type: 'string', default: '5' },
    only: { type: 'string', default: 'a,b,c,d,e,centre' },
  },
});
const seed = Number(values.seed);
const failures: string[] = [];
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const pct = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(2)} %`;
const heading = (text: string) => console.log(`\n== ${text}`);
const started = performance.now();
/** Sections also known by a name. */
const SECTION_NAMES: Record<string, string> = { soak: 'c' };
/** Whether section `letter` is to run (--only). */
const runs = (letter: string) => values.only.split(',').some((section) => (SECTION_NAMES[section] ?? section) === letter);

function printTallies(tallies: readonly FuzzTally[]): void {
  for (const t of tallies) {
    console.log(`  ${t.target.padEnd(56)} ${String(t.trials).padStart(6)} trials  ${String(t.accepted).padStart(6)} accepted  ${String(t.rejected).padStart(6)} rejected  ${t.crashes.length} crashes`);
    for (const crash of t.crashes.slice(0, 3)) console.log(`      trial ${crash.trial} (seed ${seed}): ${crash.message}`);
    if (t.crashes.length > 0) failures.push(`fuzz: ${t.target} crashed ${t.crashes.length} times`);
  }
}

if (runs('a')) {
  heading(`(a) fuzzing, seed ${seed}`);
  const fuzzTrials = Number(values['fuzz-trials']);
  printTallies(await fuzz(parserTargets(), seed, fuzzTrials));
  const core = await startTestCore({ KIOSK__LOG__LEVEL: 'silent' });
  const contract = contractFuzz(core.server);
  printTallies(await fuzz(contract.targets, seed, Math.ceil(fuzzTrials / 2)));
  console.log(`  events pushed meanwhile: ${contract.eventsSeen()}, outside their schema: ${contract.badEvents().length}`);
  if (contract.badEvents().length > 0) failures.push('fuzz: events outside their schema');
  contract.close();
  await core.dispose();
}

if (runs('b')) {
  heading('(b) malformed updates');
  for (const trial of [...(await addressUpdateTrials()), ...ruleSetUpdateTrials()]) {
    const verdict = trial.refused && trial.oldKept ? 'refused, old version kept' : `REFUSED=${trial.refused} OLD KEPT=${trial.oldKept}`;
    console.log(`  ${trial.update.padEnd(52)} ${verdict}\n      ${trial.message.replace(/\s+/g, ' ').slice(0, 160)}`);
    if (!trial.refused || !trial.oldKept) failures.push(`update: ${trial.update}`);
  }
}

if (runs('c')) {
  heading(`(c) soak of ${values.sessions} sessions, every ${values['journey-every']}th a whole registration`);
  const kit = await prepareFaceJourney();
  const core = await startTestCore({ ...FACE_JOURNEY_ENV, KIOSK__LOG__LEVEL: 'silent' }, { appRoot: kit.appRoot });
  const soak = await soakSessions(core, Number(values.sessions), {
    journey: kit,
    journeyEvery: Number(values['journey-every']),
    onProgress: (done) => {
      if (done % 500 === 0) console.log(`  ${done} sessions`);
    },
  });
  await core.dispose();
  kit.dispose();
  const handles = (h: Record<string, number>) => Object.entries(h).map(([type, n]) => `${type} ${n}`).join(', ');
  const licences = soak.licences!;
  console.log(`  calls ${soak.calls}, events ${soak.events}, sessions not ending clean ${soak.problems.length}`);
  console.log(`  registrations walked ${soak.journeys}: licences issued ${licences.issued}, printed ${licences.issued - licences.unprinted} (PDFs at the laser printer ${licences.pdfs})`);
  console.log(`  licences lost ${licences.lost}, duplicated ${licences.duplicated}, unprinted ${licences.unprinted}, printed twice ${licences.printedTwice}`);
  console.log(`  after ${soak.first.sessions}: heap ${mb(soak.first.heapUsedBytes)}, handles ${soak.first.handleCount} (${handles(soak.first.handles)})`);
  console.log(`  after ${soak.last.sessions}: heap ${mb(soak.last.heapUsedBytes)}, handles ${soak.last.handleCount} (${handles(soak.last.handles)})`);
  console.log(`  growth: heap ${pct(soak.heapGrowthPercent)}, handles ${pct(soak.handleGrowthPercent)} (target within 5 %)`);
  for (const problem of soak.problems.slice(0, 5)) console.log(`      ${problem}`);
  if (soak.problems.length > 0) failures.push('soak: sessions did not end clean');
  if (licences.issued !== soak.journeys || licences.lost + licences.duplicated > 0) failures.push('soak: licences lost or duplicated');
  if (licences.unprinted + licences.printedTwice > 0) failures.push('soak: licences not printed exactly once');
  if (Math.abs(soak.heapGrowthPercent) > 5 || Math.abs(soak.handleGrowthPercent) > 5) failures.push('soak: heap or handles beyond 5 %');
}

if (runs('d')) {
  heading(`(d) kill -9 during approval and printing, ${values['crash-trials']} runs`);
  const crash = await runCrashTrials({ trials: Number(values['crash-trials']), seed, onTrial: (trial, note) => console.log(`  run ${trial}: ${note}`) });
  console.log(`  trials run ${crash.trials}: kills during approval ${crash.killsDuringApproval}, during printing ${crash.killsDuringPrinting}`);
  console.log(`  applications ${crash.applications}, approvals answered ${crash.approvalsAnswered}, licences issued ${crash.licencesIssued}`);
  console.log(`  licences lost ${crash.licencesLost}, duplicated ${crash.licencesDuplicated}`);
  console.log(`  licences unprinted ${crash.licencesUnprinted} (never queued: ${crash.licencesNeverQueued.length}), jobs not printed ${crash.jobsNotPrinted.length}`);
  console.log(`  issued but the applicant never told ${crash.issuedButUnanswered}; their retries refused as address/name taken ${crash.retriesRejectedAsTaken}`);
  console.log(`  audit chain ${crash.audit.intact ? 'intact' : `BROKEN: ${crash.audit.problem}`} (${crash.audit.entries} entries)`);
  for (const error of crash.errors.slice(0, 5)) console.log(`      ${error}`);
  if (crash.licencesLost > 0) failures.push('crash: licences lost');
  if (crash.licencesDuplicated > 0) failures.push('crash: licences duplicated');
  if (crash.licencesUnprinted > 0 || crash.jobsNotPrinted.length > 0) failures.push('crash: print jobs not resumed');
  if (!crash.audit.intact) failures.push('crash: audit chain broken');
}

if (runs('e')) {
  heading(`(e) devices disconnected and reconnected mid-operation, ${values['print-trials']} print trials per printer`);
  const kit = await prepareFaceJourney();
  const faults = await runDeviceFaults({
    kit,
    printTrials: Number(values['print-trials']),
    onRun: (run) => console.log(`  ${run.ok ? 'ok    ' : 'MISSED'} ${run.device.padEnd(8)} ${run.fault}\n           ${run.note}`),
  });
  kit.dispose();
  const licences = faults.licences;
  const midJob = faults.runs.filter((run) => run.midJob).length;
  console.log(`  print trials run ${faults.printTrials} (printer gone while the job was printing: ${midJob}); runs recovered ${faults.runs.filter((run) => run.ok).length} of ${faults.runs.length}`);
  console.log(`  licences issued ${licences.issued}: lost ${licences.lost}, duplicated ${licences.duplicated}, unprinted ${licences.unprinted}, printed twice ${licences.printedTwice} (PDFs ${licences.pdfs}, slips ${licences.slips})`);
  for (const run of faults.runs.filter((r) => !r.ok)) failures.push(`device: ${run.device} ${run.fault}`);
  if (licences.lost + licences.duplicated > 0) failures.push('device: licences lost or duplicated');
  if (licences.unprinted + licences.printedTwice > 0) failures.push('device: licences not printed exactly once');
}

if (runs('centre')) {
  heading('(centre) the centre under faults: a real centre process and PostgreSQL, kiosks through a cutting proxy');
  // The trials run dist/centre/centre.cjs, as `npm run centre` does; the build is incremental.
  if (spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' }).status !== 0) failures.push('centre: the build failed');
  const centre = await runCentreTrials({ onTrial: (trial) => console.log(`  ${trial.ok ? 'ok    ' : 'MISSED'} ${trial.trial}\n           ${trial.note}`) });
  const { tally } = centre;
  console.log(`  trials ${centre.outcomes.length}, passed ${centre.outcomes.filter((o) => o.ok).length}`);
  console.log(`  licences confirmed to kiosks ${tally.confirmed}, synced from kiosks' outboxes ${tally.synced} (${tally.syncedEvents} events: decisions, licences, ratings): lost ${tally.lost}, duplicated ${tally.duplicated}, issued but never confirmed ${tally.unconfirmed}`);
  for (const outcome of centre.outcomes.filter((o) => !o.ok)) failures.push(`centre: ${outcome.trial}`);
  if (tally.lost + tally.duplicated + tally.unconfirmed > 0) failures.push('centre: licences lost, duplicated or never confirmed');
}

console.log(`\nreliability: ${failures.length === 0 ? 'all targets met' : `${failures.length} missed`} in ${Math.round((performance.now() - started) / 1000)} s`);
for (const failure of failures) console.log(`  MISSED ${failure}`);
process.exitCode = failures.length === 0 ? 0 : 1;
