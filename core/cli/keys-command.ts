/**
 * `kioskctl keys init [--dir DIR]`: the kiosk's Ed25519 signing key pair, created at
 * set-up in <dataDir>/keys and never overwritten. Also the key-directory lookup the
 * licence commands share.
 */
import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../config/load';
import { defaultUserDataDir } from '../config/paths';
import { initSigningKey, KeyFileError, kioskKeysDir, type SigningKey } from '../signing/kiosk-keys';
import { EXIT } from './exit-codes';
import type { CliIo } from './io';

export function registerKeysCommands(program: Command, io: CliIo): void {
  program
    .command('keys')
    .description('the kiosk\'s signing keys for the licence QR codes')
    .command('init')
    .description('create the kiosk\'s Ed25519 key pair unless it exists (never overwrites; exit 0 either way)')
    .option('--dir <dir>', 'the key directory (default: <dataDir>/keys of the configured kiosk)')
    .option('--json', 'machine-readable output')
    .action((options: { dir?: string; json?: boolean }) => {
      const dir = options.dir ?? configuredKeysDir(io);
      const { key, created } = openSigningKey(io, dir);
      const summary = { created, keyId: key.keyId, privateKeyFile: key.privateKeyFile, publicKeyFile: key.publicKeyFile };
      const text = created
        ? `created signing key ${key.keyId} in ${dir}\n  private ${key.privateKeyFile} (mode 0600, stays on this kiosk)\n  public  ${key.publicKeyFile} (copy it to the verifiers' key directory)`
        : `signing key ${key.keyId} already in ${dir}; left unchanged`;
      io.result(options.json ? summary : text, options.json);
      io.exit(EXIT.ok);
    });
}

/** <dataDir>/keys of the kiosk configured on this machine. */
export function configuredKeysDir(io: CliIo): string {
  try {
    return kioskKeysDir(loadConfig({ userDataDir: defaultUserDataDir() }).dataDir);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.error(error.message);
    return io.exit(EXIT.usage);
  }
}

/** The pair in `dir`, created first if absent; a broken key file is an I/O error. */
export function openSigningKey(io: CliIo, dir: string): { key: SigningKey; created: boolean } {
  try {
    return initSigningKey(dir);
  } catch (error) {
    if (!(error instanceof KeyFileError) && !(error as NodeJS.ErrnoException).code) throw error;
    io.error(`kioskctl: ${(error as Error).message}`);
    return io.exit(EXIT.usage);
  }
}
