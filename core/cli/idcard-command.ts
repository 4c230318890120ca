/** `kioskctl idcard validate NUMBER`: is this a well-formed resident ID number (GB 11643)? */
import { Option, type Command } from 'commander';
import { describeIdProblem, validateIdNumber, type IdNumberProblem } from '../../rules/id-number';
import type { Language } from '../../rules/language';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

export function registerIdCardCommands(program: Command, io: CliIo): void {
  program
    .command('idcard')
    .description('resident ID cards (GB 11643)')
    .command('validate')
    .description('check an ID number: check character and birth date (exit 0 valid, 1 invalid with the reason)')
    .argument('<number>', 'the 18-character ID number')
    .addOption(new Option('--lang <language>', 'language of the reason').choices(['en', 'zh-CN']).default('en'))
    .option('--json', 'machine-readable output')
    .action((number: string, options: { json?: boolean; lang: Language }) => {
      const checked = validateIdNumber(number, localIsoToday());
      if (checked.ok) {
        const { normalized, birthDate, sex, regionCode } = checked.idNumber;
        io.result(options.json ? { valid: true, idNumber: checked.idNumber } : `${normalized}: valid (born ${birthDate}, ${sex}, region ${regionCode})`, options.json);
        io.exit(EXIT.ok);
      }
      const message = describeIdProblem(checked.reason, options.lang);
      if (options.json) io.result({ valid: false, problem: withoutSuggestion(checked.reason), message }, true);
      io.error(`${number}: invalid: ${message}`);
      io.exit(EXIT.negative);
    });
}

/** Like the message, the data never names the "right" check character (see rules/id-number.ts). */
function withoutSuggestion(problem: IdNumberProblem): Exclude<IdNumberProblem, { code: 'bad-check-character' }> | { code: 'bad-check-character'; actual: string } {
  if (problem.code !== 'bad-check-character') return problem;
  return { code: problem.code, actual: problem.actual };
}

/** Today on this machine's calendar: a birth date after it is a typo. */
function localIsoToday(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
