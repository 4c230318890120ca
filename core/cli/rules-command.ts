/** `kioskctl rules check APPLICATION.json`: what would the approval rules decide? */
import type { Command } from 'commander';
import { decide, type Decision, type RuleResult } from '../../rules/approval/engine';
import { AddressDatabaseError } from '../address/address-database';
import { StreetListError } from '../address/street-list';
import { openConfiguredAddressFacts, type AddressFacts } from '../approval/address-facts';
import { approvalBasis, loadRuleSet, loadShippedRuleSet } from '../approval/approval-data';
import { ApplicationFile, applicationFacts } from '../approval/application-file';
import { DataFileError, parseDataFile, readJsonFile } from '../approval/data-file';
import { ConfigError } from '../config/load';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

const OUTCOME_WORDS: Readonly<Record<Decision['outcome'], string>> = {
  approve: 'APPROVED',
  reject: 'REJECTED',
  refer: 'REFERRED to a counter',
};

export function registerRulesCommands(program: Command, io: CliIo): void {
  const rules = program.command('rules').description('the approval rules');
  rules
    .command('check')
    .description('decide an application file with the approval rules (exit 0 approved, 1 rejected or referred, 2 bad file)')
    .argument('<application>', 'the application as JSON: service, applicant, face, address, form, lists, today')
    .option('--rules <file>', "a rule-set file instead of the shipped one for the application's service")
    .option('--json', 'machine-readable output')
    .action((file: string, options: { rules?: string; json?: boolean }) => check(io, file, options));
}

function check(io: CliIo, file: string, options: { rules?: string; json?: boolean }): void {
  let decision: Decision;
  try {
    decision = decideFile(file, options.rules);
  } catch (error) {
    if (error instanceof DataFileError) {
      if (options.json) io.result({ error: error.kind, file: error.source, problems: error.problems }, true);
      io.error(error.message);
      return io.exit(EXIT.usage);
    }
    if (error instanceof ConfigError || error instanceof StreetListError || error instanceof AddressDatabaseError) {
      io.error(`cannot look the house code up: ${error.message}`);
      return io.exit(EXIT.usage);
    }
    throw error;
  }

  io.result(options.json ? decision : formatDecision(decision), options.json);
  if (decision.outcome === 'approve') return io.exit(EXIT.ok);
  const failed = decision.results.filter((result) => !result.passed);
  io.error([`${OUTCOME_WORDS[decision.outcome]}:`, ...failed.map((result) => `  ${result.id}: ${result.message['zh-CN']} / ${result.message.en}`)].join('\n'));
  return io.exit(EXIT.negative);
}

/** Throws DataFileError for a bad application or rule-set file. */
function decideFile(file: string, rulesFile: string | undefined): Decision {
  let addresses: AddressFacts | undefined;
  try {
    const application = parseDataFile(ApplicationFile, readJsonFile(file), file);
    const facts = applicationFacts(application, file, { lookupAddress: (houseCode) => (addresses ??= openConfiguredAddressFacts()).lookup(houseCode) });
    const ruleSet = rulesFile ? loadRuleSet(rulesFile) : loadShippedRuleSet(facts.service);
    if (ruleSet.value.service !== facts.service) {
      const message = `this rule set is for ${ruleSet.value.service}, the application for ${facts.service}`;
      throw new DataFileError(ruleSet.file, [{ field: 'service', message }], 'invalid');
    }
    return decide(facts, approvalBasis(ruleSet));
  } finally {
    addresses?.close();
  }
}

function formatDecision(decision: Decision): string {
  const width = Math.max(...decision.results.map((result) => result.id.length));
  return [
    `${OUTCOME_WORDS[decision.outcome]} (${decision.service})`,
    `rule set ${decision.ruleSet.version} sha256 ${decision.ruleSet.hash}`,
    `scope catalogue ${decision.data.catalogue.version} sha256 ${decision.data.catalogue.hash}`,
    `name lists ${decision.data.nameLists.version} sha256 ${decision.data.nameLists.hash}`,
    '',
    ...decision.results.map((result) => formatResult(result, width)),
  ].join('\n');
}

function formatResult(result: RuleResult, width: number): string {
  const mark = (result.effect ?? 'pass').padEnd(6);
  const indent = ' '.repeat(width + 12);
  return `  ${mark}  ${result.id.padEnd(width)}  ${result.message['zh-CN']}\n${indent}${result.message.en}`;
}
