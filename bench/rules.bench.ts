/**
 * Approval rule figures (`npm run bench -- rules`):
 * - loading: the shipped rule set, name lists and scope catalogue read, validated and
 *   hashed, the catalogue's pinyin initials computed (a cold process pays this once);
 * - one decision (registration and deregistration): every rule evaluated and its texts
 *   filled, p50/p99 over a few thousand decisions on varied applications that approve,
 *   reject and refer, with local lists of 2,000 taken names and 1,000 restricted ID
 *   numbers (target ≤ 5 ms per decision); wall-clock percentiles suffer when other work
 *   shares the machine, the mean CPU time per decision does not;
 * - catalogue search as the touch screen uses it (Chinese text, pinyin initials, category).
 */
import { availableParallelism, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { approvalBasis, loadNameLists, loadScopeCatalogue, loadShippedRuleSet } from '../core/approval/approval-data';
import { decide, type ApprovalBasis, type Outcome } from '../rules/approval/engine';
import { DeregistrationFacts, RegistrationFacts, type Facts } from '../rules/approval/facts';
import { idCheckCharacter } from '../rules/id-number';
import { searchScope, type ScopeQuery } from '../rules/approval/scope-catalogue';

const DECISIONS = 5_000;
const SEARCHES = 5_000;
const TARGET_MS = 5;

console.log(`machine: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

let started = performance.now();
const registration = approvalBasis(loadShippedRuleSet('registration'));
const deregistration = approvalBasis(loadShippedRuleSet('deregistration'));
console.log(`load: rule sets, name lists and catalogue (${registration.catalogue.items.length} items, pinyin initials included) in ${(performance.now() - started).toFixed(0)} ms (cold)`);
started = performance.now();
for (let i = 0; i < 20; i++) loadNameLists();
console.log(`load: name lists alone ${((performance.now() - started) / 20).toFixed(2)} ms; catalogue again (cached index) ${time(() => loadScopeCatalogue()).toFixed(3)} ms`);

const example = RegistrationFacts.parse(JSON.parse(readFileSync(join(process.cwd(), 'assets', 'examples', 'application.json'), 'utf8')));
const scopeCodes = registration.catalogue.items.map((item) => item.code);
// Local lists of a realistic size, shared by every application (as the kiosk would hold them).
const existingNames = Array.from({ length: 2_000 }, (_, k) => ({ districtCode: '440307', tradeName: `名${k}`, industry: '图文设计' }));
const restrictedIdNumbers = Array.from({ length: 1_000 }, (_, k) => {
  const other = `4403071990${String(101 + (k % 12) * 100).padStart(4, '0')}${String(k).padStart(3, '0')}`;
  return other + idCheckCharacter(other);
});

/** Varied applications: different applicants, scopes, names and lists; some fail a rule or two. */
function registrationFacts(n: number): Facts {
  const facts = structuredClone(example);
  const birth = `${1950 + (n % 60)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
  const first17 = `440307${birth}${String(n % 1000).padStart(3, '0')}`;
  facts.applicant.birthDate = birth;
  facts.applicant.idNumber = first17 + idCheckCharacter(first17);
  facts.form.scope = [0, 1, 2, 3].slice(0, 1 + (n % 4)).map((k) => scopeCodes[(n * 7 + k * 31) % scopeCodes.length] as string);
  if (facts.form.name) facts.form.name.tradeName = ['精锐', '好运来', '美佳', '中华', 'AB', '龙岗'][n % 6] as string;
  facts.lists.existingNames = existingNames;
  facts.lists.restrictedIdNumbers = restrictedIdNumbers;
  facts.face.livenessPassed = n % 17 !== 0;
  facts.address.usage = n % 13 === 0 ? '住宅' : '商业';
  return facts;
}

function deregistrationFacts(n: number): Facts {
  const { today, applicant, face } = registrationFacts(n) as RegistrationFacts;
  return DeregistrationFacts.parse({
    service: 'deregistration',
    today,
    applicant,
    face,
    licence: n % 5 === 0 ? null : { creditCode: '92440300MA5EQ7GQ4X', status: 'active', operatorIdNumber: applicant.idNumber },
  });
}

benchDecisions('registration', registration, registrationFacts);
benchDecisions('deregistration', deregistration, deregistrationFacts);
benchSearch();

function benchDecisions(label: string, basis: ApprovalBasis, factsFor: (n: number) => Facts): void {
  const applications = Array.from({ length: DECISIONS }, (_, n) => factsFor(n));
  for (const facts of applications.slice(0, 200)) decide(facts, basis); // warm-up
  const outcomes: Record<Outcome, number> = { approve: 0, reject: 0, refer: 0 };
  const wall: number[] = [];
  const cpu: number[] = [];
  for (const facts of applications) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const decision = decide(facts, basis);
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(cpu0);
    cpu.push((used.user + used.system) / 1000);
    outcomes[decision.outcome] += 1;
  }
  const p99 = percentile(wall, 99);
  const cpuP99 = percentile(cpu, 99);
  console.log(
    `decide ${label} (${basis.ruleSet.rules.length} rules): ${DECISIONS} decisions ` +
      `(${outcomes.approve} approve, ${outcomes.reject} reject, ${outcomes.refer} refer):\n` +
      `  wall clock p50 ${percentile(wall, 50).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${Math.max(...wall).toFixed(3)} ms\n` +
      `  CPU time   p50 ${percentile(cpu, 50).toFixed(3)} ms, p99 ${cpuP99.toFixed(3)} ms, mean ${(cpu.reduce((a, b) => a + b, 0) / cpu.length).toFixed(3)} ms\n` +
      `  target ≤ ${TARGET_MS} ms per decision: wall-clock p99 ${p99 <= TARGET_MS ? 'met' : 'MISSED'}, CPU p99 ${cpuP99 <= TARGET_MS ? 'met' : 'MISSED'}`,
  );
}

function benchSearch(): void {
  const queries: ScopeQuery[] = [{ text: '餐饮' }, { text: 'cyfw' }, { text: '奶茶' }, { text: 'lf' }, { text: '设计', industry: 'M' }, { group: 'O01' }, { text: '销售', classes: ['general'] }];
  const times: number[] = [];
  for (let i = 0; i < SEARCHES; i++) {
    const query = queries[i % queries.length] as ScopeQuery;
    times.push(time(() => searchScope(registration.catalogue, query)));
  }
  console.log(`search catalogue (${registration.catalogue.items.length} items): ${SEARCHES} queries: p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms`);
}

function time(work: () => unknown): number {
  const t0 = performance.now();
  work();
  return performance.now() - t0;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}
