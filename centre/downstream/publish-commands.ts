/**
 * `npm run centre -- ruleset publish FILE`, `address publish FILE [--version V]`,
 * `restricted publish FILE`: what the authority hands to every kiosk. A rule set needs
 * the publisher's signature beside it (FILE.sig, raw or base64; the kiosks check it with
 * their update key); an address delta may have one. Prints `published KIND VERSION as
 * sequence N`; exit 1 when the file is refused (the reason on stderr), 2 unreadable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { decodeDetachedSignature } from '../../protocol/publisher-signature';
import { PublicationError, type Published, type Publications } from './publications';

type WithPublications = <T>(work: (publications: Publications) => Promise<T>) => Promise<T>;

export function registerPublishCommands(program: Command, withPublications: WithPublications, setExitCode: (code: number) => void): void {
  const publish = (kind: string, work: (publications: Publications) => Promise<Published>) =>
    withPublications(work).then(
      (done) => process.stdout.write(`${done.fresh ? 'published' : 'already published'} ${kind} ${done.version} as sequence ${done.sequence} (sha256 ${done.sha256})\n`),
      (error: Error) => {
        if (!(error instanceof PublicationError)) throw error;
        process.stderr.write(`centre: ${kind} refused: ${error.message}\n`);
        setExitCode(1);
      },
    );

  program
    .command('ruleset')
    .description('rule sets for the kiosks')
    .command('publish <file>')
    .description('publish a rule set signed by the publisher (FILE.sig beside it)')
    .action(async (file: string) => {
      const signature = signatureOf(file);
      if (!signature) {
        process.stderr.write(`centre: ${file}.sig is missing: a rule set is published only with the publisher's signature\n`);
        setExitCode(1);
        return;
      }
      await publish('rule set', (p) => p.publishRuleSet(readFileSync(file, 'utf8'), signature));
    });
  program
    .command('address')
    .description('address-base deltas for the kiosks')
    .command('publish <file>')
    .description('publish an address CSV of changed and new rooms (the import columns), applied after the deltas before it')
    .option('--version <version>', 'its version (default: the file name without extension)')
    .action(async (file: string, options: { version?: string }) => {
      await publish('address delta', (p) => p.publishAddressDelta(readFileSync(file, 'utf8'), options.version ?? basename(file, extname(file)), signatureOf(file)));
    });
  program
    .command('restricted')
    .description('the restricted list for the kiosks')
    .command('publish <file>')
    .description('publish the whole restricted list (one ID number per line, # for comments)')
    .action(async (file: string) => {
      await publish('restricted list', (p) => p.publishRestrictedList(readFileSync(file, 'utf8'), file));
    });
}

/** Base64 of FILE.sig's 64 bytes, or null without one. */
function signatureOf(file: string): string | null {
  const sig = `${file}.sig`;
  return existsSync(sig) ? decodeDetachedSignature(readFileSync(sig)).toString('base64') : null;
}
