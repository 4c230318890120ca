/**
 * The kiosk's one configuration file. Every field has a default that runs the kiosk
 * on simulated hardware, so an empty file (or none) is a working configuration.
 * Objects are strict: a misspelt key is an error, not a silently ignored setting.
 */
import { z } from 'zod';
import { DEFAULT_FACE_SETTINGS as FACE, LIVENESS_ACTIONS } from '../../face/settings';
import { FIXTURE_CARDS, type FixtureCardName } from '../../hardware/idcard/fixtures';
import { WLT_DECODER_NAME } from '../../hardware/idcard/wlt-decoder-registry';
import { CREDIT_CODE_ALPHABET } from '../../rules/credit-code';
import { MAX_SERIAL } from '../registry/credit-code-allocator';
import { DEV_PIN_HASH, PIN_HASH_PATTERN } from '../maintenance/pin-format';

const serialPath = z.string().min(1, 'expected a serial device path such as /dev/ttyUSB0');
const baudRate = z.number().int().positive().default(115200);

const IdCardReader = z.discriminatedUnion('driver', [
  z
    .object({
      driver: z.literal('simulator'),
      /**
       * The fixture card (hardware/idcard/fixtures.ts) put on the simulated reader whenever
       * a session waits for a card, so the journey can be walked without hardware; null:
       * never. Unset: the sample card in the Electron and browser shells, none in tests.
       */
      simulatedAutoInsert: z.enum(Object.keys(FIXTURE_CARDS) as [FixtureCardName, ...FixtureCardName[]]).nullable().optional(),
    })
    .strict(),
  z
    .object({
      driver: z.literal('sam-serial'),
      path: serialPath,
      baudRate,
      /**
       * The reader vendor's WLT photo decoder, by the name it is installed under with the app
       * (hardware/idcard/wlt-decoder-registry.ts), never a path: it receives every applicant's
       * photo. "simulated" decodes the emulator's cards (`kioskctl sim start`), whose photos are the fixture images.
       */
      wltDecoder: z.string().regex(WLT_DECODER_NAME, 'expected the name of a WLT photo decoder installed with the app (plugins/wlt-decoders/NAME.js) or "simulated", not a path'),
    })
    .strict(),
]);

const ThermalPrinter = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('simulator') }).strict(),
  z
    .object({
      driver: z.literal('escpos-serial'),
      path: serialPath,
      baudRate,
      /**
       * How a slip is known printed: the printer's own receipt (GS ( H, "process-id"); for
       * printers without it, whether a slip whose outcome is unknown (line lost mid-job) is
       * sent again ("at-least-once": may print twice) or not ("at-most-once": may need a reprint).
       * Unset: "process-id".
       */
      completion: z.enum(['process-id', 'at-least-once', 'at-most-once']).optional(),
    })
    .strict(),
]);

const LaserPrinter = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('simulator') }).strict(),
  z
    .object({
      driver: z.literal('ipp'),
      printerUri: z.url().default('http://127.0.0.1:631/printers/kiosk'),
      jobTimeoutSeconds: z.number().int().min(10).max(600).default(120),
    })
    .strict(),
]);

const Camera = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('simulator') }).strict(),
  /** getUserMedia in the renderer; deviceLabel picks one camera when several exist. */
  z.object({ driver: z.literal('browser'), deviceLabel: z.string().optional() }).strict(),
]);

export const KioskConfig = z
  .object({
    kioskId: z
      .string()
      .regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, 'expected 3-32 capital letters, digits or hyphens, e.g. LG-PH-01')
      .default('DEV-KIOSK-01'),
    /** Where the database and keys live; empty means the platform's user-data folder. */
    dataDir: z.string().min(1).optional(),
    database: z
      .object({ file: z.string().min(1).default('kiosk.sqlite') })
      .strict()
      .prefault({}),
    /** The house-code address database and the street list; unset means the built sample and the shipped list. Relative paths are in dataDir. */
    addresses: z
      .object({ database: z.string().min(1).optional(), streets: z.string().min(1).optional() })
      .strict()
      .prefault({}),
    /** Who registers the licences this kiosk issues, and which credit codes it may hand out. */
    registration: z
      .object({
        /** Region code of the registering authority: positions 3-8 of every credit code. */
        authorityRegion: z.string().regex(/^\d{6}$/, 'expected the six-digit region code, e.g. "440307"').default('440307'),
        authorityName: z.string().trim().min(1).default('深圳市市场监督管理局龙岗监管局'),
        /** The authority's restricted list (one ID number per line); relative paths are in dataDir. Unset: nobody is restricted. */
        restrictedList: z.string().min(1).optional(),
        /** The kiosk's own block, assigned at installation; no two kiosks of an authority share a prefix. */
        creditCodeBlock: z
          .object({
            prefix: z
              .string()
              .regex(new RegExp(`^[${CREDIT_CODE_ALPHABET}]{2}$`), `expected 2 characters of ${CREDIT_CODE_ALPHABET}, e.g. K7`)
              .default('K0'),
            start: z.number().int().min(0).max(MAX_SERIAL).default(1),
            end: z.number().int().min(0).max(MAX_SERIAL).default(MAX_SERIAL),
          })
          .strict()
          .prefault({})
          .refine((block) => block.start <= block.end, { message: 'expected end to be at least start', path: ['end'] }),
      })
      .strict()
      .prefault({}),
    host: z
      .object({
        /** 0 picks a free port. The host only ever binds to loopback. */
        port: z.number().int().min(0).max(65535).default(5178),
      })
      .strict()
      .prefault({}),
    ui: z
      .object({
        defaultLanguage: z.enum(['zh-CN', 'en']).default('zh-CN'),
        inactivityTimeoutSeconds: z.number().int().min(10).max(900).default(90),
        inactivityWarningSeconds: z.number().int().min(5).max(120).default(20),
        /** The counter a referred applicant is sent to, as shown on the referral screen. */
        // A number is taken too, so KIOSK__UI__REFERRAL_COUNTER=3 works without JSON quotes.
        referralCounter: z
          .union([z.string().trim().min(1).max(10), z.number().int().min(0).transform(String)], { error: 'expected a counter number or name, e.g. "3"' })
          .default('1'),
      })
      .strict()
      .prefault({})
      .refine((ui) => ui.inactivityWarningSeconds < ui.inactivityTimeoutSeconds, {
        message: 'expected inactivityWarningSeconds to be less than inactivityTimeoutSeconds',
        path: ['inactivityWarningSeconds'],
      }),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
    /** Face match against the ID photo; the default threshold is calibrated (README, "Face verification"). */
    face: z
      .object({
        threshold: z.number().min(0.1).max(1.2).default(FACE.threshold),
        goodFramesRequired: z.number().int().min(1).max(30).default(FACE.goodFramesRequired),
        maxAttempts: z.number().int().min(1).max(10).default(FACE.maxAttempts),
        liveness: z
          .object({
            actions: z.array(z.enum(LIVENESS_ACTIONS)).min(1).default([...FACE.liveness.actions]),
            steps: z.number().int().min(0).max(LIVENESS_ACTIONS.length).default(FACE.liveness.steps),
            stepTimeoutSeconds: z.number().int().min(2).max(60).default(FACE.liveness.stepTimeoutSeconds),
          })
          .strict()
          .prefault({})
          .refine((l) => l.steps <= new Set(l.actions).size, { message: 'expected steps to be at most the number of distinct actions', path: ['steps'] }),
      })
      .strict()
      .prefault({}),
    /** Where licences are printed and how the print queue retries (core/printing/print-queue.ts). */
    printing: z
      .object({
        /** laser: the licence as a PDF on paper; thermal: the licence slip on the receipt printer. */
        licence: z.enum(['laser', 'thermal']).default('laser'),
        /** A4: the duplicate (副本); A3: the original (正本). */
        paper: z.enum(['A4', 'A3']).default('A4'),
        /** A licence waiting for a faulty laser printer comes out as a slip on the receipt printer instead. */
        fallbackToThermal: z.boolean().default(true),
        /** Sends after a transient fault (timeout, garbled answer) before the job fails or falls back. */
        maxAttempts: z.number().int().min(1).max(20).default(3),
        /** Delay before the first retry; doubled on each further one. */
        retryDelayMs: z.number().int().min(0).max(600_000).default(2000),
      })
      .strict()
      .prefault({}),
    /** Technicians' maintenance mode (core/maintenance): the PIN's scrypt hash and how long it stays open. */
    maintenance: z
      .object({
        /** From `kioskctl maintenance set-pin`; the default is the development PIN (README, "Maintenance mode"). */
        pinHash: z.string().regex(PIN_HASH_PATTERN, 'expected scrypt:N:r:p:salt:hash, as printed by `kioskctl maintenance set-pin`').default(DEV_PIN_HASH),
        /** Maintenance closes by itself after this long without a technician's call. */
        idleTimeoutSeconds: z.number().int().min(30).max(3600).default(300),
        /** Wrong PINs in a row before the PIN pad locks, and for how long. */
        maxTries: z.number().int().min(3).max(10).default(5),
        lockoutMinutes: z.number().int().min(1).max(120).default(5),
      })
      .strict()
      .prefault({}),
    /** New rule sets and address databases installed from maintenance (core/updates). */
    updates: z
      .object({
        /** Where a technician's USB stick or copied files are looked for; relative paths are in dataDir. */
        folder: z.string().min(1).default('updates'),
        /** The authority's Ed25519 update key (SPKI PEM); when set, a FILE.sig beside an update is checked against it. */
        publicKey: z.string().includes('BEGIN PUBLIC KEY', { message: 'expected an Ed25519 public key in SPKI PEM (-----BEGIN PUBLIC KEY-----)' }).optional(),
        /**
         * Refuse updates without a valid FILE.sig. On by default: an update changes what every
         * applicant is decided by. Without publicKey every update is then refused, saying so.
         */
        requireSignature: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** The city's centre (docs/centre.md). Unset: a standalone kiosk deciding on its own registry alone. */
    centre: z
      .object({
        url: z.url({ protocol: /^https?$/, error: 'expected the centre\'s URL, e.g. "https://centre.example:5190"' }),
        /** Without the centre: refer registration and deregistration to the counter, or issue provisionally on local facts. */
        offline: z.enum(['refer', 'provisional']).default('refer'),
        /** How long a request may take before the centre counts as unreachable. */
        timeoutMs: z.number().int().min(100).max(60_000).default(5000),
        /** How often a confirmation still owed to the centre (a provisional licence, a lost reply) is sent again. */
        retrySeconds: z.number().int().min(1).max(3600).default(30),
        /** How often rule sets, address deltas, the restricted list and credit-code leases are pulled (and at start). */
        pullIntervalSeconds: z.number().int().min(5).max(86_400).default(60),
        /** Below this many credit codes left in its leases the kiosk asks the centre for a new block at once. */
        creditCodesLowWater: z.number().int().min(1).max(1_000_000).default(200),
        /** How often the kiosk sends its heartbeat (device status, print queue, versions, today's decisions) and fetches remote commands. */
        heartbeatMs: z.number().int().min(50).max(600_000).default(30_000),
      })
      .strict()
      .optional(),
    devices: z
      .object({
        idcard: IdCardReader.default({ driver: 'simulator' }),
        thermal: ThermalPrinter.default({ driver: 'simulator' }),
        laser: LaserPrinter.default({ driver: 'simulator' }),
        camera: Camera.default({ driver: 'simulator' }),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type KioskConfig = z.output<typeof KioskConfig>;
export type KioskConfigInput = z.input<typeof KioskConfig>;
