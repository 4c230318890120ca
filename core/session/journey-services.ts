/**
 * The journey's services on the real modules: the ID reader and WLT decoder of the
 * DeviceManager, the face models under Node (loaded once, in the background, when the
 * core starts), the house-code address base, the approval rules, the registry and the
 * print queue. Only here do the machine's narrow interfaces meet the kiosk's modules.
 */
import { randomUUID } from 'node:crypto';
import { DeviceError } from '../../hardware/device';
import type { WltDecoder } from '../../hardware/idcard/wlt-decoder';
import type { SamReader } from '../../hardware/idcard/sam-reader';
import type { FaceAnalyser } from '../../face/face-analyser';
import { composeBusinessName, type NameLists } from '../../rules/approval/business-name';
import { decide, type ApprovalBasis } from '../../rules/approval/engine';
import type { Facts, LicenceRecord } from '../../rules/approval/facts';
import type { ScopeIndex } from '../../rules/approval/scope-catalogue';
import { describeAddressProblem } from '../address/address-messages';
import type { AddressService } from '../address/address-service';
import { addressRecordOf } from '../approval/address-facts';
import { approvalBasis, loadShippedRuleSet } from '../approval/approval-data';
import { applicationFacts, type ApplicationFile } from '../approval/application-file';
import { recordedFacts } from '../approval/recorded-facts';
import { NO_RESTRICTED_LIST, type RestrictedList } from '../approval/restricted-list';
import type { AuditLog } from '../audit/audit-log';
import { decodeImage } from '../face/image-file';
import type { Logger } from '../log';
import type { PrintJob } from '../printing/print-job-store';
import type { PrintQueue } from '../printing/print-queue';
import type { Licence } from '../registry/licences';
import { shenzhenDate } from '../registry/local-date';
import type { AdoptedLicence, DecisionInput, DecisionResult, Registry } from '../registry/registry';
import type { RuleSet } from '../../rules/approval/rule-set';
import { COMPOSITION_FORMS } from '../../rules/approval/facts';
import type { ActiveLicence, IssueRequest } from '../../protocol/centre';
import type { PrintedLicenceFields } from '../../protocol/centre-licence-check';
import { printedFieldsToIssue } from '../centre/printed-fields';
import { addressLimit, mergeRegistrationFacts, type LocalRegistryFacts } from '../centre/centre-facts';
import { centreUnavailableReason, type CentreGate } from '../centre/centre-gate';
import { formValidator } from './form-validation';
import { journeyProblem, printProblem } from './journey-messages';
import type { CardAttempt, JourneyApplication, JourneyOutcome, JourneyServices, LicenceList } from './journey-ports';
import type { DecisionView, LicenceSummary, PrintJobView } from './journey-types';

/** A live face picture is a face region (at most 320 px a side in the renderer); anything far larger is refused unread. */
const FACE_PICTURE_MAX_PIXELS = 640 * 640;

/** The part of the print queue the journey uses. */
export type JourneyPrintQueue = Pick<PrintQueue, 'enqueueLicence' | 'enqueueDeregistrationNotice' | 'reprint' | 'jobsOf' | 'onChange'>;

/** The reason recorded on the reprint an applicant asks for on the already-issued screen. */
export const RETRY_REPRINT_REASON = 'applicant retry after interruption';

export interface JourneyServiceDeps {
  idCardReader: Pick<SamReader, 'readCard'>;
  photoDecoder: WltDecoder;
  /** The face models, loaded once; awaited only when an ID photo is described. */
  faceAnalyser: () => Promise<FaceAnalyser>;
  addresses: Pick<AddressService, 'lookup'>;
  registry: Registry;
  audit: AuditLog;
  printQueue: JourneyPrintQueue;
  /** Region code of the registering authority: the district names are registered in. */
  authorityRegion: string;
  logger: Logger;
  /** ID numbers barred from registering (core/approval/restricted-list.ts); none when absent. */
  restrictedList?: () => RestrictedList;
  /** Called when the reader is found empty (simulation: puts the configured card on it). */
  onEmptyReader?: () => void;
  /** Both rule sets and the reference data; the shipped files unless a test gives others. */
  basis?: SessionData['basis'];
  /**
   * The rules and address base in force (core/updates/current-data.ts), asked again at
   * each beginSession(): an installed update serves the next applicant. Without it,
   * `basis` and `addresses` serve every session.
   */
  sessionData?: () => SessionData;
  /** The city's centre, asked before each decision and told of each approval; absent on a standalone kiosk. */
  centre?: CentreGate;
}

export interface SessionData {
  basis: { registration: ApprovalBasis; deregistration: ApprovalBasis };
  addresses: Pick<AddressService, 'lookup'>;
}

export function createJourneyServices(deps: JourneyServiceDeps): JourneyServices & { beginSession(): void } {
  const fixed = (): SessionData => ({
    basis: deps.basis ?? {
      registration: approvalBasis(loadShippedRuleSet('registration')),
      deregistration: approvalBasis(loadShippedRuleSet('deregistration')),
    },
    addresses: deps.addresses,
  });
  const prepare = ({ basis, addresses }: SessionData) => ({
    basis,
    addresses,
    formProblems: formValidator(basis.registration, deps.authorityRegion),
    region: nameRegionOf(basis.registration.nameLists, deps.authorityRegion),
  });
  /** Decodes a picture and describes its one face; the decoded pixels are overwritten at once. */
  const describePicture = async (bytes: Uint8Array, maxPixels?: number) => {
    const pixels = decodeImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), '(picture)', maxPixels);
    try {
      return await (await deps.faceAnalyser()).describeStill(pixels);
    } finally {
      pixels.data.fill(0);
    }
  };
  // One session decides with one version of the data, whatever is installed meanwhile.
  let current = prepare(deps.sessionData?.() ?? fixed());
  const lookupRecord = (houseCode: string) => {
    const found = current.addresses.lookup(houseCode);
    return found.ok ? addressRecordOf(found.address) : { houseCode, exists: false, flagged: false };
  };

  /** The applicant's licences as the centre listed them for deregistration, this session; null when it was not asked. */
  let centreLicences: Map<string, ActiveLicence> | null = null;

  return {
    beginSession() {
      if (deps.sessionData) current = prepare(deps.sessionData());
      centreLicences = null;
    },


    async readCard(): Promise<CardAttempt> {
      try {
        const reading = await deps.idCardReader.readCard();
        return { kind: 'card', reading };
      } catch (error) {
        if (!(error instanceof DeviceError)) throw error;
        if (error.reason === 'no-card') {
          deps.onEmptyReader?.();
          return { kind: 'no-card' };
        }
        deps.logger.warn({ reason: error.reason }, `ID card not read: ${error.message}`);
        return { kind: error.reason === 'protocol-error' ? 'unreadable' : 'reader-unavailable' };
      }
    },

    async describeIdPhoto(reading) {
      let photo: Uint8Array | undefined;
      try {
        photo = (await deps.photoDecoder.decode(reading.wlt)).bytes;
        const described = await describePicture(photo);
        return described.ok ? { ok: true, descriptor: described.descriptor } : { ok: false, reason: 'no-face' };
      } catch (error) {
        deps.logger.warn({ err: error }, 'ID photo could not be described');
        return { ok: false, reason: 'unreadable' };
      } finally {
        photo?.fill(0);
      }
    },

    async describeFacePicture(jpeg) {
      try {
        const described = await describePicture(jpeg, FACE_PICTURE_MAX_PIXELS);
        return described.ok ? { descriptor: described.descriptor, pose: described.pose } : null;
      } catch (error) {
        // Whatever the renderer sent: not a face the core can confirm.
        deps.logger.warn({ err: error }, 'live face picture could not be described');
        return null;
      }
    },

    today: () => shenzhenDate(new Date()),
    nameRegion: () => current.region,
    formProblems: (form) => current.formProblems(form),

    lookupAddress(houseCode) {
      let found;
      try {
        found = current.addresses.lookup(houseCode);
      } catch (error) {
        deps.logger.error({ err: error }, 'address base unavailable');
        return { ok: false, problem: journeyProblem('service-unavailable', 'houseCode') };
      }
      if (!found.ok) {
        const { reason } = found;
        return {
          ok: false,
          problem: { code: reason.code, field: 'houseCode', message: { 'zh-CN': describeAddressProblem(reason, 'zh-CN'), en: describeAddressProblem(reason, 'en') } },
        };
      }
      const { address } = found;
      return { ok: true, view: { houseCode: address.houseCode, formatted: address.formatted, usage: address.usage }, record: addressRecordOf(address) };
    },

    async activeLicences(idNumber): Promise<LicenceList> {
      centreLicences = null;
      const local = () => ({ licences: deps.registry.activeLicencesOf(idNumber).map(licenceSummary) });
      if (!deps.centre) return local();
      // Any kiosk's licences: the centre's list. The facts request names no application yet.
      const answer = await deps.centre.call((client) => client.facts({ service: 'deregistration', applicationId: randomUUID(), idNumber }));
      if (answer.ok && answer.value.service === 'deregistration') {
        centreLicences = new Map(answer.value.activeLicences.map((licence) => [licence.creditCode, licence]));
        return { licences: answer.value.activeLicences.map((licence) => centreLicenceSummary(licence, lookupRecord)) };
      }
      if (!answer.ok && 'refusal' in answer) throw new Error(`the centre refused the deregistration facts: ${answer.refusal.error}`);
      if (deps.centre.offline === 'provisional') return local();
      const { id, message } = centreUnavailableReason();
      return { referral: { code: id, message } };
    },

    async submit(application) {
      // A confirmation a crash or a lost reply left owed is settled first: a retry then finds its own licence.
      await deps.centre?.settlePending(new Set(deps.registry.applicationsOf(application.card.idNumber)));
      const issued = application.service === 'registration' ? issuedToday(deps.registry, application) : undefined;
      if (issued) {
        // Recognised by the ID number's lookup hash; nothing is decided, recorded or issued again.
        deps.audit.append('journey.already-issued', { creditCode: issued.creditCode, applicationId: issued.applicationId });
        return { alreadyIssued: true, applicationId: issued.applicationId, licence: licenceSummary(issued) };
      }
      const restricted = application.service === 'registration' ? (deps.restrictedList?.() ?? NO_RESTRICTED_LIST) : undefined;
      const local = application.service === 'registration' ? deps.registry.localFacts(application.houseCode) : undefined;
      const localFacts = factsOf(application, lookupRecord, restricted?.numbers ?? [], local, localLicenceRecord(deps.registry, application));
      const submitted = deps.registry.submit(requestOf(application, localFacts, current.basis.registration.catalogue));
      const basis = current.basis[application.service];
      const asked = deps.centre ? await askCentre(deps.centre, submitted.id, application, localFacts, basis.ruleSet, local, centreLicences) : undefined;
      const facts = asked?.facts ?? localFacts;
      const decision = decide(facts, basis);
      // The rules decided on the whole card and list in memory; the record keeps an age
      // band for the birth date and the list's stamp for its numbers.
      const data = restricted ? { ...decision.data, restrictedList: restricted.stamp } : decision.data;
      const input: DecisionInput = { outcome: decision.outcome, ruleSet: decision.ruleSet, data, facts: recordedFacts(facts), reasons: decision.results };
      // The print job is queued in the transaction that issues the licence: a crash
      // between the two would leave a licence that nobody prints.
      const record = (recorded: DecisionInput, alongside?: (result: DecisionResult) => void) =>
        deps.registry.decide(submitted.id, recorded, (result) => {
          alongside?.(result);
          const { licence: issued } = result;
          if (!issued) return;
          if (application.service === 'registration') deps.printQueue.enqueueLicence(issued.creditCode, submitted.id);
          else deps.printQueue.enqueueDeregistrationNotice(issued.creditCode, submitted.id);
        });
      if (!deps.centre || !asked) return outcomeOf(submitted.id, input, record(input).licence);
      if (asked.offline && deps.centre.offline === 'refer') {
        // Nothing can be checked across kiosks: whatever the rules said, the counter decides.
        const referred = { ...input, outcome: 'refer' as const, reasons: [...input.reasons, centreUnavailableReason()] };
        return outcomeOf(submitted.id, referred, record(referred).licence);
      }
      if (decision.outcome !== 'approve') return outcomeOf(submitted.id, input, record(input).licence);
      const now = new Date().toISOString();
      // The licence is recorded as issued at the instant the centre is told, so the printed fields sent match the paper.
      const approving = application.service === 'registration' ? { ...input, issuedAt: now } : { ...input, ...(asked.adopt && { adopt: asked.adopt }) };
      const approved = await deps.centre.approve(
        {
          applicationId: submitted.id,
          kind: application.service === 'registration' ? 'issue' : 'deregister',
          input: approving,
          creditCode: application.service === 'deregistration' ? application.creditCode : undefined,
          request: (creditCode) =>
            application.service === 'registration'
              ? issueRequest(submitted.id, application, facts, basis.ruleSet, printedFieldsToIssue(deps.registry, submitted.id, creditCode, now), creditCode, now)
              : { applicationId: submitted.id, creditCode, operatorIdNumber: application.card.idNumber, deregisteredAt: now },
          record,
        },
        asked.offline,
      );
      if ('referred' in approved) return outcomeOf(submitted.id, { ...input, outcome: 'refer', reasons: [...input.reasons, approved.referred] }, null);
      return outcomeOf(submitted.id, approved.input, approved.recorded.licence);
    },

    collectIssued(creditCode, applicationId, reprint) {
      if (reprint) return deps.printQueue.reprint(creditCode, RETRY_REPRINT_REASON).requestKey;
      // The same request key yields the job the issuing transaction queued: never a second one.
      deps.printQueue.enqueueLicence(creditCode, applicationId);
      return applicationId;
    },

    watchPrinting(creditCode, applicationId, listener) {
      const ours = (jobs: readonly PrintJob[]) => jobs.filter((job) => job.requestKey === applicationId).map(printJobView);
      listener(ours(deps.printQueue.jobsOf(creditCode)));
      return deps.printQueue.onChange((change) => {
        if (change.creditCode === creditCode) listener(ours(change.jobs));
      });
    },

    audit: (event, data) => void deps.audit.append(event, data),
  };
}

function nameRegionOf(lists: NameLists, districtCode: string): string {
  const names = lists.regions.find((region) => region.districtCode === districtCode)?.names;
  if (!names?.[0]) throw new Error(`the name lists have no region name for the authority's district ${districtCode}`);
  return names[0];
}

/**
 * The active licence this applicant was issued today for these very details (name and
 * house code), if any: what a crash between issuing and handing over leaves behind.
 * Today only (Shenzhen): a retry comes within the same visit, while a licence from an
 * earlier day is an applicant registering again, which the rules refuse as a duplicate
 * and a counter sorts out; the kiosk hands out no older licence unattended.
 */
function issuedToday(registry: Registry, application: Extract<JourneyApplication, { service: 'registration' }>): Licence | undefined {
  const name = application.form.name && composeBusinessName(application.form.name);
  const today = shenzhenDate(new Date());
  return registry
    .activeLicencesOf(application.card.idNumber)
    .find((licence) => licence.registrationDate === today && licence.houseCode === application.houseCode && licence.name === (name ?? null));
}

/** The facts exactly as `kioskctl rules check` builds them from an application file. */
function factsOf(
  application: JourneyApplication,
  lookupAddress: (houseCode: string) => ReturnType<typeof addressRecordOf> | { houseCode: string; exists: false; flagged: false },
  restricted: readonly string[],
  lists: LocalRegistryFacts | undefined,
  licence: LicenceRecord | null,
): Facts {
  const { card, face } = application;
  const applicant = { name: card.name, idNumber: card.idNumber, birthDate: card.birthDate, validFrom: card.validFrom, validTo: card.validTo };
  const file: ApplicationFile =
    application.service === 'registration'
      ? { service: 'registration', applicant, face, form: application.form, address: { houseCode: application.houseCode, flagged: false }, lists: { restrictedIdNumbers: [...restricted], existingNames: [], activeBusinessesAtAddress: 0, ...lists } }
      : { service: 'deregistration', applicant, face, licence };
  return applicationFacts(file, 'session', { lookupAddress });
}

function localLicenceRecord(registry: Registry, application: JourneyApplication): LicenceRecord | null {
  return application.service === 'deregistration' ? licenceRecord(registry, application.creditCode, application.card.idNumber) : null;
}

interface CentreFacts {
  /** The facts joined with the centre's answer; undefined when it could not be asked. */
  facts?: Facts;
  offline: boolean;
  /** Deregistration of a licence from another kiosk: what this kiosk records of it. */
  adopt?: AdoptedLicence;
}

/**
 * The centre's cross-kiosk facts for this application, joined to the kiosk's own: a name
 * taken elsewhere, the address's tally, and for a deregistration whether the licence
 * (from any kiosk) is the applicant's and active.
 */
async function askCentre(
  centre: CentreGate,
  applicationId: string,
  application: JourneyApplication,
  localFacts: Facts,
  ruleSet: RuleSet,
  local: LocalRegistryFacts | undefined,
  listed: ReadonlyMap<string, ActiveLicence> | null,
): Promise<CentreFacts> {
  if (application.service === 'deregistration' || localFacts.service === 'deregistration') {
    if (application.service !== 'deregistration' || localFacts.service !== 'deregistration') throw new Error('facts of another service');
    // The list the applicant chose from this session is the centre's answer (null: it could not be asked).
    if (!listed) return { offline: true };
    const licence = listed.get(application.creditCode);
    if (!licence) return { offline: false, facts: { ...localFacts, licence: null } };
    return {
      offline: false,
      facts: { ...localFacts, licence: { creditCode: licence.creditCode, status: 'active', operatorIdNumber: application.card.idNumber } },
      adopt: adoptable(licence),
    };
  }
  const name = application.form.name;
  const request = {
    service: 'registration' as const,
    applicationId,
    districtCode: localFacts.address.districtCode ?? application.houseCode.slice(0, 6),
    houseCode: application.houseCode,
    name: name ? { tradeName: name.tradeName, industry: name.industry } : null,
    maxBusinessesAtAddress: addressLimit(ruleSet),
  };
  const answer = await centre.call((client) => client.facts(request));
  if (!answer.ok && 'refusal' in answer) throw new Error(`the centre refused the registration facts: ${answer.refusal.error}`);
  if (!answer.ok || answer.value.service !== 'registration') return { offline: true };
  const merged = mergeRegistrationFacts(local ?? { existingNames: [], activeBusinessesAtAddress: 0 }, request, answer.value);
  return { offline: false, facts: { ...localFacts, lists: { ...localFacts.lists, ...merged } } };
}

/** The registry keeps no ID number in clear: it can only say whether this applicant is the operator. */
function licenceRecord(registry: Registry, creditCode: string, idNumber: string): LicenceRecord | null {
  const licence = registry.licence(creditCode);
  if (!licence) return null;
  return { creditCode, status: licence.status, operatorIdNumber: registry.isOperatorOf(creditCode, idNumber) ? idNumber : licence.operatorIdNumberMasked };
}

function requestOf(application: JourneyApplication, facts: Facts, catalogue: ScopeIndex) {
  const { card } = application;
  const operator = { idNumber: card.idNumber, operatorName: card.name };
  if (application.service === 'deregistration') return { kind: 'deregistration' as const, ...operator, creditCode: application.creditCode };
  const { form } = application;
  const items = form.scope.map((code) => catalogue.byCode.get(code.trim().toUpperCase()));
  const address = facts.service === 'registration' ? facts.address.address : undefined;
  return {
    kind: 'registration' as const,
    ...operator,
    businessName: form.name && composeBusinessName(form.name),
    ...(form.name && { nameParts: { tradeName: form.name.tradeName, industry: form.name.industry } }),
    compositionForm: form.compositionForm,
    premises: { houseCode: application.houseCode, address: address ?? application.houseCode },
    businessScope: items.filter((item) => item?.class === 'general').map((item) => item?.name as string),
    permitScope: items.filter((item) => item !== undefined && item.class !== 'general').map((item) => item?.name as string),
  };
}

/** What the applicant is shown of the decision recorded: the rules' results and any reason of the centre's. */
function outcomeOf(applicationId: string, recorded: Pick<DecisionInput, 'outcome' | 'reasons'>, licence: Licence | null): JourneyOutcome {
  const results = recorded.reasons as readonly { id: string; passed: boolean; message: { 'zh-CN': string; en: string } }[];
  const view: DecisionView = {
    outcome: recorded.outcome,
    reasons: results.map((result) => ({ rule: result.id, passed: result.passed, message: { ...result.message } })),
  };
  return { applicationId, decision: view, licence: licence && licenceSummary(licence) };
}

/** The issue the centre is asked to confirm, with the licence's public fields as it will be printed. */
function issueRequest(
  applicationId: string,
  application: Extract<JourneyApplication, { service: 'registration' }>,
  facts: Facts,
  ruleSet: RuleSet,
  printed: PrintedLicenceFields,
  creditCode: string,
  at: string,
): IssueRequest {
  const { form, card, houseCode } = application;
  const address = facts.service === 'registration' ? facts.address : undefined;
  return {
    applicationId,
    creditCode,
    districtCode: address?.districtCode ?? houseCode.slice(0, 6),
    houseCode,
    name: form.name ? { tradeName: form.name.tradeName, industry: form.name.industry } : null,
    maxBusinessesAtAddress: addressLimit(ruleSet),
    fullName: form.name ? composeBusinessName(form.name) : null,
    operatorName: card.name,
    operatorIdNumber: card.idNumber,
    issuedAt: at,
    printed,
  };
}

/** A licence of another kiosk as the centre lists it, in the journey's list. */
function centreLicenceSummary(licence: ActiveLicence, lookupAddress: (houseCode: string) => { address?: string }): LicenceSummary {
  return {
    creditCode: licence.creditCode,
    name: licence.name,
    registrationDate: licence.issuedAt ? shenzhenDate(new Date(licence.issuedAt)) : '',
    address: licence.premisesAddress ?? lookupAddress(licence.houseCode).address ?? licence.houseCode,
  };
}

/** What this kiosk records of a licence from another kiosk when it deregisters it; undefined when the centre lacks a detail the notice needs. */
function adoptable(licence: ActiveLicence): AdoptedLicence | undefined {
  const form = COMPOSITION_FORMS.find((f) => f === licence.compositionForm);
  if (!form || !licence.operatorName || !licence.issuedAt || !licence.premisesAddress) return undefined;
  return {
    creditCode: licence.creditCode,
    kioskId: licence.kioskId,
    name: licence.name,
    operatorName: licence.operatorName,
    compositionForm: form,
    premisesAddress: licence.premisesAddress,
    houseCode: licence.houseCode,
    issuedAt: licence.issuedAt,
  };
}

function licenceSummary(licence: Licence): LicenceSummary {
  return { creditCode: licence.creditCode, name: licence.name, registrationDate: licence.registrationDate, address: licence.premisesAddress };
}

function printJobView(job: PrintJob): PrintJobView {
  const state = job.state === 'cancelled' ? 'failed' : job.state;
  return {
    id: String(job.id),
    document: job.document,
    printer: job.printer,
    state,
    problem: state === 'waiting' || state === 'failed' ? printProblem(state, job.reason) : null,
  };
}
