/**
 * `npm run centre -- staff add NAME --role ROLE`: a staff account. With
 * --password-stdin the password is the first line of standard input; otherwise one is
 * generated and printed once on standard output (only its scrypt hash is kept).
 * `staff unlock NAME` lifts a lock after failed sign-ins at once.
 */
import { Option, type Command } from 'commander';
import type { Pool } from 'pg';
import { STAFF_ROLES, StaffName, type StaffRole } from '../../protocol/centre-staff';
import { addStaff, LOCK_AFTER_FAILURES, LOCK_MINUTES, unlockStaff } from './accounts';
import { recordStaffAction } from './audit';
import { generatePassword } from './passwords';

type WithPool = <T>(work: (pool: Pool) => Promise<T>) => Promise<T>;

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

function staffNameArgument(name: string): string {
  const parsed = StaffName.safeParse(name);
  if (!parsed.success) throw new Error(`"${name}" is not a staff name: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function registerStaffCommands(program: Command, withPool: WithPool): void {
  const staff = program.command('staff').description(`staff accounts for the centre's pages (${LOCK_AFTER_FAILURES} wrong passwords lock one for ${LOCK_MINUTES} minutes)`);
  staff
    .command('add <name>')
    .description('create a staff account; prints a generated password once unless --password-stdin')
    .addOption(new Option('--role <role>', 'what the account may see and do').choices(STAFF_ROLES).makeOptionMandatory())
    .option('--password-stdin', 'read the password (at least 10 characters) from the first line of standard input')
    .action(async (nameArgument: string, options: { role: StaffRole; passwordStdin?: boolean }) => {
      const name = staffNameArgument(nameArgument);
      const generated = options.passwordStdin ? undefined : generatePassword();
      const password = generated ?? (await firstLineOfStdin());
      await withPool(async (pool) => {
        const id = await addStaff(pool, name, options.role, password);
        await recordStaffAction(pool, { staff: { id, name }, action: 'staff-add', detail: { role: options.role, by: 'centre command' } });
      });
      if (generated) process.stdout.write(`${generated}\n`);
      process.stderr.write(`staff ${name} added as ${options.role}${generated ? ': the password above is shown only this once' : ''}\n`);
    });
  staff
    .command('unlock <name>')
    .description('lift the lock that failed sign-ins put on an account')
    .action(async (nameArgument: string) => {
      const name = staffNameArgument(nameArgument);
      const known = await withPool(async (pool) => {
        const found = await unlockStaff(pool, name);
        if (found) await recordStaffAction(pool, { name, action: 'staff-unlock', detail: { by: 'centre command' } });
        return found;
      });
      if (!known) throw new Error(`no staff member named ${name}`);
      process.stdout.write(`staff ${name} unlocked\n`);
    });
}
