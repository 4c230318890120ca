/**
 * The kiosk core as a child process that the crash trials kill with SIGKILL. It runs a
 * real core on simulated hardware in the data folder it is given (so a restart finds
 * the database, the keys and the print queue of the killed one) and approves
 * applications through the journey's own submit (decide, record, issue, queue for
 * printing: core/session/journey-services.ts), without the screens and the face models.
 *
 *   node --import tsx crash-child.ts DATA_DIR
 *
 * stdin, one JSON command a line: {"apply": n, "houseCode": "...", "killAt"?: KillPoint} or {"report": n}.
 * stdout, one JSON event a line: {"ready"}, {"applied": n, "outcome", "creditCode"},
 * {"printed": creditCode}, {"report": {...}}.
 */
import { createInterface } from 'node:readline';
import pino from 'pino';
import { createConfiguredAddressService } from '../../../core/address/configured-address-service';
import { verifyAuditLog } from '../../../core/audit/audit-log';
import { loadConfig } from '../../../core/config/load';
import { createKioskCore } from '../../../core/kiosk-core';
import { createJourneyServices } from '../../../core/session/journey-services';
import { idCheckCharacter } from '../../../rules/id-number';
import { tradeName } from './applicants';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child.ts DATA_DIR');

const say = (event: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(event)}\n`);

/** Applicant n: a valid, unique ID number (born in Longgang in 1985, sequence n). */
function applicantIdNumber(n: number): string {
  const first17 = `440307${19850101 + (n % 28)}${String(100 + (n % 900)).padStart(3, '0')}`.slice(0, 17);
  return first17 + idCheckCharacter(first17);
}

const loaded = loadConfig({
  userDataDir: dataDir,
  env: { KIOSK__LOG__LEVEL: 'silent', KIOSK__PRINTING__RETRY_DELAY_MS: '50', KIOSK__PRINTING__FALLBACK_TO_THERMAL: 'false' },
});
const logger = pino({ level: 'silent' });
const core = await createKioskCore({ loaded, shell: 'test', logger });
/**
 * Where a run may be told to die by its own SIGKILL, for the narrowest windows a random
 * kill rarely hits: the licence issued but not yet queued for printing, and queued but
 * the applicant not yet told.
 */
type KillPoint = 'after-issue' | 'after-queue';
let killAt: KillPoint | undefined;
const dieIf = (point: KillPoint) => {
  if (killAt === point) process.kill(process.pid, 'SIGKILL');
};
const printQueue: typeof core.printQueue = Object.create(core.printQueue, {
  enqueueLicence: {
    value: (creditCode: string, requestKey: string) => {
      dieIf('after-issue');
      const jobs = core.printQueue.enqueueLicence(creditCode, requestKey);
      dieIf('after-queue');
      return jobs;
    },
  },
});

const services = createJourneyServices({
  idCardReader: core.devices.idCardReader(),
  photoDecoder: core.devices.photoDecoder(),
  faceAnalyser: () => Promise.reject(new Error('no face models in the crash trials')),
  addresses: createConfiguredAddressService(loaded),
  registry: core.registry,
  audit: core.audit,
  printQueue,
  authorityRegion: loaded.config.registration.authorityRegion,
  logger,
});

core.printQueue.onChange((change) => {
  if (change.changed.state === 'printed') say({ printed: change.creditCode, document: change.changed.document });
});

async function apply(n: number, houseCode: string): Promise<void> {
  const idNumber = applicantIdNumber(n);
  const outcome = await services.submit({
    service: 'registration',
    card: {
      name: '王小明', sex: 'male', ethnicityCode: '01', ethnicity: '汉', birthDate: idNumber.slice(6, 14),
      address: '广东省深圳市龙岗区平湖街道平湖社区平新北路42号', idNumber, issuingAuthority: '深圳市公安局龙岗分局',
      validFrom: '20200101', validTo: '20400101', reserved: '',
    },
    face: { matched: true, distance: 0.3, threshold: 0.45, livenessPassed: true },
    form: {
      name: { region: services.nameRegion(), tradeName: tradeName(n), industry: '图文设计', organisationForm: '店' },
      scope: ['M0305'],
      compositionForm: '个人经营',
      phone: '13800138000',
    },
    houseCode,
  });
  // A retry whose licence was issued before the kill is told that licence, not refused.
  if (outcome.alreadyIssued) say({ applied: n, outcome: 'already-issued', creditCode: outcome.licence.creditCode, reasons: [] });
  else say({ applied: n, outcome: outcome.decision.outcome, creditCode: outcome.licence?.creditCode ?? null, reasons: outcome.decision.reasons.filter((r) => !r.passed).map((r) => r.rule) });
}

/** What the parent checks after the last restart: licences per applicant, print jobs, the audit chain. */
function report(applicants: number): Record<string, unknown> {
  const licencesPerApplicant: Record<number, string[]> = {};
  for (let n = 0; n < applicants; n++) {
    const licences = core.registry.activeLicencesOf(applicantIdNumber(n)).map((l) => l.creditCode);
    if (licences.length > 0) licencesPerApplicant[n] = licences;
  }
  const jobs = core.printQueue.list().map((job) => ({ creditCode: job.creditCode, document: job.document, state: job.state }));
  return { licencesPerApplicant, jobs, audit: verifyAuditLog(core.db) };
}

const lines = createInterface({ input: process.stdin });
// One command at a time, like one kiosk screen: the next waits for the previous.
let queue = Promise.resolve();
lines.on('line', (line) => {
  const command = JSON.parse(line) as { apply?: number; houseCode?: string; killAt?: KillPoint; report?: number };
  queue = queue.then(async () => {
    killAt = command.killAt;
    if (command.apply !== undefined) await apply(command.apply, command.houseCode!);
    if (command.report !== undefined) say({ report: report(command.report) });
  }).catch((error: unknown) => say({ error: (error as Error).message }));
});
lines.on('close', () => void queue.then(() => core.close()));
say({ ready: true });
