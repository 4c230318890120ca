/**
 * The kiosk's one configuration file. Every field has a default that runs the kiosk
 * on simulated hardware, so an empty file (or none) is a working configuration.
 * Objects are strict: a misspelt key is an error, not a silently ignored setting.
 */
import { z } from 'zod';

const serialPath = z.string().min(1, 'expected a serial device path such as /dev/ttyUSB0');
const baudRate = z.number().int().positive().default(115200);

const IdCardReader = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('simulator') }).strict(),
  z
    .object({
      driver: z.literal('sam-serial'),
      path: serialPath,
      baudRate,
      /** The reader vendor's WLT photo decoder, loaded as a plug-in. */
      wltDecoder: z.string().min(1, 'expected the path of the vendor WLT decoder plug-in'),
    })
    .strict(),
]);

const ThermalPrinter = z.discriminatedUnion('driver', [
  z.object({ driver: z.literal('simulator') }).strict(),
  z.object({ driver: z.literal('escpos-serial'), path: serialPath, baudRate }).strict(),
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
