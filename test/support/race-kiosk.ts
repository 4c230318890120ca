/**
 * Kiosks of the name race, in one process of their own: each asks the centre for the
 * facts of a registration (which leases the name if it is free), decides with the
 * shipped rule set on those facts, and when approved confirms the issue to the centre.
 * All of this process's kiosks start together (the rule set is loaded once: on a busy
 * machine fifty Node processes each loading it would take minutes). Prints one JSON line
 * per kiosk (RaceOutcome).
 *
 * env RACE: JSON array of { centreUrl, kioskId, keysDir, application, applicationId, creditCode }.
 */
import { decide } from '../../rules/approval/engine';
import type { RegistrationFacts } from '../../rules/approval/facts';
import { approvalBasis, loadShippedRuleSet } from '../../core/approval/approval-data';
import { addressLimit, mergeRegistrationFacts } from '../../core/centre/centre-facts';
import { CentreClient, CentreRefusedError } from '../../core/centre/centre-client';
import { loadSigningKey } from '../../core/signing/kiosk-keys';
import type { FactsRequest } from '../../protocol/centre';

export interface RaceKiosk {
  centreUrl: string;
  kioskId: string;
  keysDir: string;
  application: RegistrationFacts;
  applicationId: string;
  creditCode: string;
}

export interface RaceOutcome {
  kioskId: string;
  applicationId: string;
  creditCode: string;
  outcome: string;
  failed: { id: string; reason: string }[];
  /** The centre confirmed the issue. */
  issued: boolean;
}

const ruleSet = loadShippedRuleSet('registration');
const basis = approvalBasis(ruleSet);

async function race(kiosk: RaceKiosk): Promise<string> {
  const { application } = kiosk;
  const client = new CentreClient({ url: kiosk.centreUrl, kioskId: kiosk.kioskId, privateKey: loadSigningKey(kiosk.keysDir).privateKey, timeoutMs: 60_000 });
  const name = application.form.name;
  const request: Extract<FactsRequest, { service: 'registration' }> = {
    service: 'registration',
    applicationId: kiosk.applicationId,
    districtCode: application.address.districtCode ?? application.address.houseCode.slice(0, 6),
    houseCode: application.address.houseCode,
    name: name ? { tradeName: name.tradeName, industry: name.industry } : null,
    maxBusinessesAtAddress: addressLimit(ruleSet.value),
  };
  const answer = await client.facts(request);
  if (answer.service !== 'registration') throw new Error('the centre answered for another service');
  const lists = { ...application.lists, ...mergeRegistrationFacts(application.lists, request, answer) };
  const decision = decide({ ...application, lists }, basis);
  let issued = false;
  if (decision.outcome === 'approve') {
    try {
      await client.issue({
        applicationId: request.applicationId,
        creditCode: kiosk.creditCode,
        districtCode: request.districtCode,
        houseCode: request.houseCode,
        name: request.name,
        maxBusinessesAtAddress: request.maxBusinessesAtAddress,
        fullName: name ? name.region + name.tradeName + name.industry + name.organisationForm : null,
        operatorName: application.applicant.name,
        operatorIdNumber: application.applicant.idNumber,
        issuedAt: new Date().toISOString(),
      });
      issued = true;
    } catch (error) {
      if (!(error instanceof CentreRefusedError)) throw error;
    }
  }
  const failed = decision.results.filter((r) => !r.passed).map((r) => ({ id: r.id, reason: r.message['zh-CN'] }));
  const outcome: RaceOutcome = { kioskId: kiosk.kioskId, applicationId: kiosk.applicationId, creditCode: kiosk.creditCode, outcome: decision.outcome, failed, issued };
  return JSON.stringify(outcome);
}

async function main(): Promise<void> {
  const kiosks = JSON.parse(process.env.RACE ?? '[]') as RaceKiosk[];
  const lines = await Promise.all(kiosks.map(race));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`race-kiosk: ${error.message}\n`);
  process.exit(2);
});
