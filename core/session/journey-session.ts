/**
 * Builds the kiosk's session: the journey machine on the real services, configured
 * from the kiosk configuration. The face models load in the background (never
 * blocking start-up): from warmUp(), which the shells call once they serve, or at the
 * first card (tests start many cores and few journeys and never warm up).
 */
import type { FaceAnalyser } from '../../face/face-analyser';
import type { AuditLog } from '../audit/audit-log';
import type { LoadedConfig } from '../config/load';
import type { AppInfo } from '../contract';
import type { DeviceManager } from '../devices/device-manager';
import { loadNodeFaceAnalyser } from '../face/node-face';
import type { Logger } from '../log';
import type { Registry } from '../registry/registry';
import type { CentreGate } from '../centre/centre-gate';
import { CurrentData } from '../updates/current-data';
import { restrictedListReader } from '../approval/restricted-list';
import type { JourneyServices } from './journey-ports';
import { createJourneyServices, type JourneyPrintQueue } from './journey-services';
import { SessionService } from './session-service';

/** How often an empty reader is asked again while a session waits for a card. */
const CARD_POLL_MS = 300;

export interface JourneySessionDeps {
  loaded: Pick<LoadedConfig, 'config' | 'dataDir'>;
  shell: AppInfo['shell'];
  devices: DeviceManager;
  registry: Registry;
  audit: AuditLog;
  printQueue: JourneyPrintQueue;
  logger: Logger;
  /** Wraps the services the machine uses; for tests that make one of them fail. */
  journeyServices?: (services: JourneyServices) => JourneyServices;
  /** The city's centre; absent on a standalone kiosk. */
  centre?: CentreGate;
}

export interface JourneySession {
  session: SessionService;
  /** The rule sets and address database in force; each session starts with the newest. */
  data: CurrentData;
  /** Loads the face models now, so the first applicant does not wait for them. */
  warmUp(): Promise<void>;
}

export function createJourneySession({ loaded, shell, devices, registry, audit, printQueue, logger, journeyServices, centre }: JourneySessionDeps): JourneySession {
  const { config } = loaded;
  let analyser: Promise<FaceAnalyser> | undefined;
  const faceAnalyser = (): Promise<FaceAnalyser> => {
    analyser ??= loadNodeFaceAnalyser();
    return analyser;
  };

  const data = new CurrentData(loaded);
  const services = createJourneyServices({
    idCardReader: devices.idCardReader(),
    photoDecoder: devices.photoDecoder(),
    faceAnalyser,
    addresses: data.addresses(),
    sessionData: () => data.forSession(),
    restrictedList: restrictedListReader(config.registration.restrictedList, loaded.dataDir),
    registry,
    audit,
    printQueue,
    authorityRegion: config.registration.authorityRegion,
    logger,
    onEmptyReader: autoInsert(config, shell, devices),
    centre,
  });
  const readCard = services.readCard;
  // Waiting for a card is the moment to get the face models ready, if nobody has yet.
  services.readCard = () => {
    void faceAnalyser().catch(() => undefined);
    return readCard();
  };
  const session = new SessionService(
    {
      defaultLanguage: config.ui.defaultLanguage,
      inactivityTimeoutMs: config.ui.inactivityTimeoutSeconds * 1000,
      inactivityWarningMs: config.ui.inactivityWarningSeconds * 1000,
      face: config.face,
      referralCounter: config.ui.referralCounter,
      cardPollMs: CARD_POLL_MS,
      services: journeyServices?.(services) ?? services,
    },
    () => data.close(),
    (error, step) => logger.error({ err: error, step }, 'the session failed: the applicant was sent to the counter and the session wiped'),
  );
  // Leaving attract is the start of a session: the moment an installed update takes over.
  let state = session.snapshot().state;
  session.onChange((snapshot) => {
    if (state === 'attract' && snapshot.state !== 'attract') services.beginSession();
    state = snapshot.state;
  });
  return {
    session,
    data,
    warmUp: () => faceAnalyser().then(
      () => undefined,
      (error: unknown) => logger.error({ err: error }, 'face models failed to load'),
    ),
  };
}

/** Puts the configured fixture card on a simulated reader that a session finds empty. */
function autoInsert(config: LoadedConfig['config'], shell: AppInfo['shell'], devices: DeviceManager): (() => void) | undefined {
  const idcard = config.devices.idcard;
  if (idcard.driver !== 'simulator') return undefined;
  const fixture = idcard.simulatedAutoInsert === undefined ? (shell === 'test' ? null : 'zhangWei') : idcard.simulatedAutoInsert;
  const simulation = devices.simulation;
  if (fixture === null || !simulation) return undefined;
  return () => simulation.idcard.insert(fixture);
}
