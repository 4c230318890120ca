/**
 * `kioskctl centre enrol URL --code CODE`: registers this kiosk's Ed25519 key (the one
 * `kioskctl keys init` made, created now if absent) with the centre, using the one-time
 * code from `npm run centre -- kiosk add ID`. Exit 0 enrolled, 1 the centre refused
 * (wrong, used or expired code), 2 unreachable or a usage error.
 */
import type { Command } from 'commander';
import { CentreClient, CentreRefusedError, CentreUnavailableError } from '../centre/centre-client';
import { outboxStatus } from '../centre/outbox';
import { writeCentreSealingKey } from '../centre/sealing-key-file';
import { ConfigError, loadConfig } from '../config/load';
import { defaultUserDataDir } from '../config/paths';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';
import { configuredKeysDir, openSigningKey } from './keys-command';
import { withDatabase } from './registry-commands';

interface EnrolOptions {
  code: string;
  kioskId?: string;
  keysDir?: string;
  json?: boolean;
}

export function registerCentreCommands(program: Command, io: CliIo): void {
  const centre = program.command('centre').description("the city's centre this kiosk asks before deciding");
  centre
    .command('enrol')
    .description("register this kiosk's signing key with the centre (exit 0 enrolled, 1 refused, 2 unreachable)")
    .argument('<url>', "the centre's URL, e.g. http://127.0.0.1:5190")
    .requiredOption('--code <code>', 'the one-time code from `npm run centre -- kiosk add ID`')
    .option('--kiosk-id <id>', 'the kiosk id (default: kioskId of the configured kiosk)')
    .option('--keys-dir <dir>', 'the key directory (default: <dataDir>/keys of the configured kiosk)')
    .option('--json', 'machine-readable output')
    .action((url: string, options: EnrolOptions) => enrol(io, url, options));
  centre
    .command('outbox')
    .description('what waits to be sent to the centre (exit 0 nothing waits, 1 records wait)')
    .option('--db <file>', 'the kiosk database (default: the configured one)')
    .option('--json', 'machine-readable output')
    .action((options: { db?: string; json?: boolean }) => {
      const status = withDatabase(io, options.db, outboxStatus);
      const kinds = Object.entries(status.pending).map(([kind, n]) => `${kind} ${n}`).join(', ');
      const text = status.total === 0 ? 'outbox empty: the centre has everything' : `outbox: ${status.total} records wait (${kinds}), the oldest since ${status.oldest}`;
      io.result(options.json ? status : `${text}; personal data held for ${status.personalDataHeld} undecided application(s)`, options.json);
      io.exit(status.total === 0 ? EXIT.ok : EXIT.negative);
    });
}

async function enrol(io: CliIo, url: string, options: EnrolOptions): Promise<void> {
  const kioskId = options.kioskId ?? configuredKioskId(io);
  const keysDir = options.keysDir ?? configuredKeysDir(io);
  const { key } = openSigningKey(io, keysDir);
  try {
    const enrolled = await CentreClient.enrol({ url, kioskId, privateKey: key.privateKey, publicKey: key.publicKey, code: options.code });
    // Personal data waiting in the outbox is sealed to this key from the first application on.
    const sealing = await new CentreClient({ url, kioskId, privateKey: key.privateKey }).sealingKey();
    writeCentreSealingKey(keysDir, sealing.publicKey);
    const text = `kiosk ${enrolled.kioskId} enrolled at ${url} with key ${enrolled.keyId}\nadd to the kiosk's configuration: "centre": { "url": "${url}" }`;
    io.result(options.json ? { ...enrolled, url } : text, options.json);
    return io.exit(EXIT.ok);
  } catch (error) {
    if (error instanceof CentreRefusedError) {
      io.error(`kioskctl: the centre refused: ${error.refusal.message['zh-CN']} / ${error.refusal.message.en}`);
      return io.exit(EXIT.negative);
    }
    if (error instanceof CentreUnavailableError) {
      io.error(`kioskctl: ${error.message}`);
      return io.exit(EXIT.usage);
    }
    throw error;
  }
}

function configuredKioskId(io: CliIo): string {
  try {
    return loadConfig({ userDataDir: defaultUserDataDir() }).config.kioskId;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.error(error.message);
    return io.exit(EXIT.usage);
  }
}
