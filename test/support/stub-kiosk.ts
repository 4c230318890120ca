/**
 * The renderer against a stub core: the real browser host and contract server, but the
 * session is whatever snapshot the test shows, and every command the renderer sends is
 * recorded. For checking screens one by one, independent of the journey's machine.
 * The scope catalogue is the real one.
 */
import { join } from 'node:path';
import { METHOD_NAMES, type SessionCommand, type SessionSnapshot } from '../../core/contract';
import { loadScopeCatalogue } from '../../core/approval/approval-data';
import { CatalogueService } from '../../core/catalogue/catalogue-service';
import { startBrowserHost, type BrowserHost } from '../../core/host/browser-host';
import { EMPTY_SNAPSHOT } from './empty-snapshot';
import { ContractServer, type KioskHandlers } from '../../core/ipc/contract-server';

export { EMPTY_SNAPSHOT };

/** The applicant the screens are shown with (as read from zhangWei's card). */
export const STUB_APPLICANT: NonNullable<SessionSnapshot['applicant']> = {
  name: '张伟', sex: '男', ethnicity: '汉', birthDate: '1988-03-15',
  address: '广东省深圳市龙岗区平湖街道平湖社区平新北路42号', idNumberMasked: '440307********0133', validTo: '2036-05-20',
};

export interface StubKiosk {
  readonly host: BrowserHost;
  /** Every command received, oldest first. */
  readonly commands: SessionCommand[];
  /** Shows a new snapshot: EMPTY_SNAPSHOT with these fields. */
  show(snapshot: Partial<SessionSnapshot>): void;
  /** The last command of a type, if any. */
  last<T extends SessionCommand['type']>(type: T): Extract<SessionCommand, { type: T }> | undefined;
  close(): Promise<void>;
}

export async function startStubKiosk(): Promise<StubKiosk> {
  let current = EMPTY_SNAPSHOT;
  const commands: SessionCommand[] = [];
  const catalogue = new CatalogueService(loadScopeCatalogue().value);
  const ok = (kind: 'idcard' | 'thermal' | 'laser' | 'camera') => ({ kind, driver: 'simulator', level: 'ok' as const, reasons: [], message: 'ok', since: new Date(0).toISOString() });
  // Calls the screens do not make (maintenance, ...) fail loudly.
  const unserved = Object.fromEntries(METHOD_NAMES.map((name) => [name, () => Promise.reject(new Error(`the stub kiosk does not serve ${name}`))]));
  const served: Partial<KioskHandlers> = {
    'app.info': () => ({ name: 'stub', version: '0', kioskId: 'STUB-01', shell: 'test', simulated: true, defaultLanguage: 'zh-CN' }),
    'devices.list': () => [ok('idcard'), ok('thermal'), ok('laser'), ok('camera')],
    'devices.reportCamera': () => ok('camera'),
    'session.get': () => current,
    'session.send': (command) => {
      commands.push(command);
      return current;
    },
    'catalogue.industries': () => catalogue.industries(),
    'catalogue.search': (query) => catalogue.search(query),
  };
  const server = new ContractServer({ ...(unserved as unknown as KioskHandlers), ...served });
  const host = await startBrowserHost({ server, rendererDir: join(process.cwd(), 'dist', 'renderer'), port: 0 });
  return {
    host,
    commands,
    show(snapshot) {
      current = { ...EMPTY_SNAPSHOT, ...snapshot };
      server.publish('session.state', current);
    },
    last(type) {
      return commands.filter((c) => c.type === type).at(-1) as never;
    },
    close: () => host.close(),
  };
}
