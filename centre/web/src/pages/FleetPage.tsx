/**
 * /fleet (technician, supervisor, admin): every kiosk grouped by hall, live. The page
 * opens the centre's event stream (server-sent events): the whole fleet first, then
 * each kiosk as it changes; the age of each heartbeat ticks here, and a kiosk silent
 * for longer than the centre's limit shows offline. Alerts are acknowledged and remote
 * commands queued from here; their states arrive through the same stream.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  FLEET_STAFF_PATHS,
  type CommandParams,
  type FleetAlertView,
  type FleetCommandView,
  type FleetDevice,
  type FleetKioskView,
  type FleetSnapshot,
} from '../../../../protocol/centre-fleet';
import { api, ApiError } from '../api';
import { useLanguage, useT, type Text } from '../i18n';
import type { PageProps } from './registry';
import './fleet.css';

const TEXT = {
  heading: { 'zh-CN': '终端监控', en: 'Fleet' },
  connecting: { 'zh-CN': '正在连接实时更新…', en: 'Connecting to live updates…' },
  live: { 'zh-CN': '实时更新中', en: 'Live' },
  reconnecting: { 'zh-CN': '连接中断，正在重连…', en: 'Connection lost, reconnecting…' },
  summary: { 'zh-CN': '共 {kiosks} 台终端，{offline} 台离线，{alerts} 条待处理警报', en: '{kiosks} kiosks, {offline} offline, {alerts} alerts to handle' },
  noHall: { 'zh-CN': '未分配大厅', en: 'No hall' },
  online: { 'zh-CN': '在线', en: 'Online' },
  offline: { 'zh-CN': '离线', en: 'Offline' },
  never: { 'zh-CN': '尚未收到心跳', en: 'No heartbeat yet' },
  age: { 'zh-CN': '{seconds} 秒前的心跳', en: 'heartbeat {seconds} s ago' },
  devices: { 'zh-CN': '设备', en: 'Devices' },
  queue: { 'zh-CN': '打印队列', en: 'Print queue' },
  queueEmpty: { 'zh-CN': '无待打印任务', en: 'Nothing waiting' },
  job: { 'zh-CN': '任务 {id}：{document}（{state}{reason}），{minutes} 分钟', en: 'Job {id}: {document} ({state}{reason}), {minutes} min' },
  versions: { 'zh-CN': '版本', en: 'Versions' },
  app: { 'zh-CN': '应用', en: 'App' },
  rules: { 'zh-CN': '规则', en: 'Rules' },
  addressBase: { 'zh-CN': '地址库', en: 'Address base' },
  unavailable: { 'zh-CN': '不可用', en: 'unavailable' },
  today: { 'zh-CN': '今日', en: 'Today' },
  todayCounts: { 'zh-CN': '发照 {licences}，转人工 {referrals}，不予受理 {rejections}', en: '{licences} licences, {referrals} referrals, {rejections} rejections' },
  reasons: { 'zh-CN': '原因', en: 'Reasons' },
  flagged: { 'zh-CN': '网格员核查地址不实、待复核的执照：{count} 张', en: 'Licences a grid inspector found at a false address, under review: {count}' },
  alerts: { 'zh-CN': '警报', en: 'Alerts' },
  noAlerts: { 'zh-CN': '没有待处理的警报', en: 'No alerts to handle' },
  cleared: { 'zh-CN': '已恢复', en: 'cleared' },
  acknowledge: { 'zh-CN': '确认', en: 'Acknowledge' },
  acknowledgeLabel: { 'zh-CN': '确认 {kiosk} 的警报：{alert}', en: 'Acknowledge the alert on {kiosk}: {alert}' },
  acknowledgedBy: { 'zh-CN': '已由 {name} 确认', en: 'acknowledged by {name}' },
  commands: { 'zh-CN': '远程指令', en: 'Remote commands' },
  testThermal: { 'zh-CN': '测试打印（凭条）', en: 'Test print (receipt)' },
  testLaser: { 'zh-CN': '测试打印（激光）', en: 'Test print (laser)' },
  reload: { 'zh-CN': '重新加载规则', en: 'Reload rule set' },
  restart: { 'zh-CN': '重启应用', en: 'Restart the app' },
  logs: { 'zh-CN': '收集日志', en: 'Collect logs' },
  reprint: { 'zh-CN': '补打执照', en: 'Reprint' },
  creditCode: { 'zh-CN': '统一社会信用代码', en: 'Credit code' },
  reprintReason: { 'zh-CN': '补打原因', en: 'Reason for the reprint' },
  queued: { 'zh-CN': '已下发指令 {id}', en: 'Command {id} queued' },
  recent: { 'zh-CN': '最近的指令', en: 'Recent commands' },
  commandLine: { 'zh-CN': '#{id} {kind}：{state}', en: '#{id} {kind}: {state}' },
} satisfies Record<string, Text>;

const ALERT_TEXT: Record<FleetAlertView['kind'], Text> = {
  'missed-heartbeat': { 'zh-CN': '心跳中断', en: 'Missed heartbeat' },
  'paper-end': { 'zh-CN': '缺纸', en: 'Paper end' },
  'stuck-job': { 'zh-CN': '打印任务卡住', en: 'Print job stuck' },
  'referral-spike': { 'zh-CN': '规则更新后转人工激增', en: 'Referral spike after a rule-set change' },
};

const DEVICE_TEXT: Record<FleetDevice['kind'], Text> = {
  idcard: { 'zh-CN': '身份证阅读器', en: 'ID card reader' },
  thermal: { 'zh-CN': '凭条打印机', en: 'Receipt printer' },
  laser: { 'zh-CN': '激光打印机', en: 'Laser printer' },
  camera: { 'zh-CN': '摄像头', en: 'Camera' },
};

/** Device status reasons (hardware/device.ts) in words; an unknown one shows as its code. */
const REASON_TEXT: Record<string, Text> = {
  'paper-end': { 'zh-CN': '缺纸', en: 'paper end' },
  'paper-near-end': { 'zh-CN': '纸将用尽', en: 'paper low' },
  'cover-open': { 'zh-CN': '机盖打开', en: 'cover open' },
  'toner-low': { 'zh-CN': '墨粉不足', en: 'toner low' },
  'media-empty': { 'zh-CN': '纸盒无纸', en: 'tray empty' },
  offline: { 'zh-CN': '离线', en: 'offline' },
  disconnected: { 'zh-CN': '未连接', en: 'disconnected' },
  jam: { 'zh-CN': '卡纸', en: 'paper jam' },
  'not-open': { 'zh-CN': '未启动', en: 'not started' },
  'no-card': { 'zh-CN': '无卡', en: 'no card' },
  'no-camera': { 'zh-CN': '无摄像头', en: 'no camera' },
  'permission-denied': { 'zh-CN': '未授权', en: 'permission denied' },
};

const LEVEL_TEXT: Record<FleetDevice['level'], Text> = {
  ok: { 'zh-CN': '正常', en: 'OK' },
  warning: { 'zh-CN': '注意', en: 'Warning' },
  error: { 'zh-CN': '故障', en: 'Fault' },
};

const COMMAND_TEXT: Record<CommandParams['kind'], Text> = {
  'test-print': { 'zh-CN': '测试打印', en: 'test print' },
  reprint: { 'zh-CN': '补打执照', en: 'reprint' },
  'reload-rule-set': { 'zh-CN': '重新加载规则', en: 'reload rule set' },
  'restart-app': { 'zh-CN': '重启应用', en: 'restart the app' },
  'collect-logs': { 'zh-CN': '收集日志', en: 'collect logs' },
};

const STATE_TEXT: Record<FleetCommandView['state'], Text> = {
  PENDING: { 'zh-CN': '待下发', en: 'PENDING' },
  SENT: { 'zh-CN': '已下发', en: 'SENT' },
  ACKED: { 'zh-CN': '终端已接收', en: 'ACKED' },
  DONE: { 'zh-CN': '已完成', en: 'DONE' },
  FAILED: { 'zh-CN': '失败', en: 'FAILED' },
  EXPIRED: { 'zh-CN': '已过期', en: 'EXPIRED' },
};

type Connection = 'connecting' | 'live' | 'reconnecting';

interface Fleet {
  kiosks: Map<string, FleetKioskView>;
  offlineAfterMs: number;
  /** The centre's clock minus this browser's, so heartbeat ages are the centre's. */
  clockOffsetMs: number;
}

/** The fleet from the event stream; EventSource reconnects by itself and the centre sends a new snapshot then. */
function useFleet(): { fleet: Fleet | null; connection: Connection } {
  const [fleet, setFleet] = useState<Fleet | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  useEffect(() => {
    const source = new EventSource(FLEET_STAFF_PATHS.events);
    source.addEventListener('snapshot', (event) => {
      const snapshot = JSON.parse((event as MessageEvent<string>).data) as FleetSnapshot;
      setFleet({ kiosks: new Map(snapshot.kiosks.map((k) => [k.kioskId, k])), offlineAfterMs: snapshot.offlineAfterMs, clockOffsetMs: Date.parse(snapshot.serverTime) - Date.now() });
      setConnection('live');
    });
    source.addEventListener('kiosk', (event) => {
      const kiosk = JSON.parse((event as MessageEvent<string>).data) as FleetKioskView;
      setFleet((current) => current && { ...current, kiosks: new Map(current.kiosks).set(kiosk.kioskId, kiosk) });
    });
    // EventSource reconnects by itself; the centre answers a reconnection with a new snapshot.
    source.addEventListener('error', () => setConnection('reconnecting'));
    return () => source.close();
  }, []);
  return { fleet, connection };
}

/** Now by the centre's clock, once a second. */
function useNow(offsetMs: number): number {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => clearInterval(timer);
  }, [offsetMs]);
  return now;
}

function isOffline(kiosk: FleetKioskView, now: number, offlineAfterMs: number): boolean {
  return kiosk.lastHeartbeatAt === null || now - Date.parse(kiosk.lastHeartbeatAt) > offlineAfterMs;
}

export default function FleetPage(_props: PageProps) {
  const t = useT();
  const { fleet, connection } = useFleet();
  const now = useNow(fleet?.clockOffsetMs ?? 0);
  const halls = useMemo(() => {
    const groups = new Map<string, FleetKioskView[]>();
    for (const kiosk of fleet?.kiosks.values() ?? []) {
      const hall = kiosk.hall ?? '';
      groups.set(hall, [...(groups.get(hall) ?? []), kiosk]);
    }
    return [...groups.entries()].sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b, 'zh-CN')));
  }, [fleet]);

  if (!fleet) {
    return (
      <section className="panel" aria-labelledby="fleet-heading">
        <h1 id="fleet-heading">{t(TEXT.heading)}</h1>
        <p role="status">{t(TEXT.connecting)}</p>
      </section>
    );
  }
  const kiosks = [...fleet.kiosks.values()];
  const offline = kiosks.filter((k) => isOffline(k, now, fleet.offlineAfterMs)).length;
  const alerts = kiosks.flatMap((k) => k.alerts.filter((a) => a.acknowledgedAt === null).map((alert) => ({ kiosk: k.kioskId, alert })));
  return (
    <section className="fleet" aria-labelledby="fleet-heading">
      <div className="fleet__top">
        <h1 id="fleet-heading">{t(TEXT.heading)}</h1>
        <p role="status" className={`fleet__connection fleet__connection--${connection}`} data-connection={connection}>
          {t(connection === 'live' ? TEXT.live : connection === 'connecting' ? TEXT.connecting : TEXT.reconnecting)}
        </p>
      </div>
      <p>{t(TEXT.summary, { kiosks: kiosks.length, offline, alerts: alerts.length })}</p>
      <AlertList alerts={alerts} />
      {halls.map(([hall, members]) => (
        <section key={hall} className="fleet__hall" aria-labelledby={`hall-${hall || 'none'}`}>
          <h2 id={`hall-${hall || 'none'}`}>{hall || t(TEXT.noHall)}</h2>
          <div className="fleet__grid">
            {members.map((kiosk) => (
              <KioskCard key={kiosk.kioskId} kiosk={kiosk} offline={isOffline(kiosk, now, fleet.offlineAfterMs)} now={now} />
            ))}
          </div>
        </section>
      ))}
    </section>
  );
}

function AlertList({ alerts }: { alerts: { kiosk: string; alert: FleetAlertView }[] }) {
  const t = useT();
  const [problem, setProblem] = useState<Text | null>(null);
  const acknowledge = (id: number) => {
    setProblem(null);
    api.post(`${FLEET_STAFF_PATHS.alerts}/${id}/acknowledge`).catch((error: unknown) => setProblem(error instanceof ApiError ? error.text : { 'zh-CN': '操作失败', en: 'That did not work' }));
  };
  return (
    <section className="panel fleet__alerts" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">{t(TEXT.alerts)}</h2>
      {problem && (
        <p className="problem" role="alert">
          {t(problem)}
        </p>
      )}
      {alerts.length === 0 ? (
        <p>{t(TEXT.noAlerts)}</p>
      ) : (
        <ul className="fleet__alert-list">
          {alerts.map(({ kiosk, alert }) => (
            <li key={alert.id} data-alert={alert.kind} data-kiosk={kiosk} className={alert.clearedAt ? 'fleet__alert fleet__alert--cleared' : 'fleet__alert'}>
              <span>
                <strong>{kiosk}</strong> · {t(ALERT_TEXT[alert.kind])}
                {alert.clearedAt && ` · ${t(TEXT.cleared)}`} · <time dateTime={alert.raisedAt}>{new Date(alert.raisedAt).toLocaleTimeString()}</time>
              </span>
              <button type="button" className="button" aria-label={t(TEXT.acknowledgeLabel, { kiosk, alert: t(ALERT_TEXT[alert.kind]) })} onClick={() => acknowledge(alert.id)}>
                {t(TEXT.acknowledge)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function KioskCard({ kiosk, offline, now }: { kiosk: FleetKioskView; offline: boolean; now: number }) {
  const t = useT();
  const headingId = `kiosk-${kiosk.kioskId}`;
  const reasonWords = (reason: string) => {
    const words = REASON_TEXT[reason];
    return words ? t(words) : reason;
  };
  const ageSeconds = kiosk.lastHeartbeatAt === null ? null : Math.max(0, Math.round((now - Date.parse(kiosk.lastHeartbeatAt)) / 1000));
  return (
    <article className={`panel fleet__kiosk${offline ? ' fleet__kiosk--offline' : ''}`} aria-labelledby={headingId} data-kiosk={kiosk.kioskId}>
      <h3 id={headingId}>
        {kiosk.kioskId}{' '}
        <span className={`badge badge--${offline ? 'error' : 'ok'}`} data-online={!offline}>
          {t(offline ? TEXT.offline : TEXT.online)}
        </span>
      </h3>
      <p className="hint">{ageSeconds === null ? t(TEXT.never) : t(TEXT.age, { seconds: ageSeconds })}</p>
      <h4>{t(TEXT.devices)}</h4>
      <ul className="fleet__devices">
        {kiosk.devices.map((device) => (
          <li key={device.kind} data-device={device.kind} data-level={device.level}>
            {t(DEVICE_TEXT[device.kind])}: <span className={`badge badge--${device.level}`}>{t(LEVEL_TEXT[device.level])}</span>
            {device.reasons.length > 0 && ` ${device.reasons.map((reason) => reasonWords(reason)).join('、')}`}
          </li>
        ))}
      </ul>
      <h4>{t(TEXT.queue)}</h4>
      {kiosk.pendingJobs.length === 0 ? (
        <p>{t(TEXT.queueEmpty)}</p>
      ) : (
        <ul>
          {kiosk.pendingJobs.map((job) => (
            <li key={job.id}>{t(TEXT.job, { id: job.id, document: job.document, state: job.state, reason: job.reason ? ` · ${reasonWords(job.reason)}` : '', minutes: Math.floor((now - Date.parse(job.createdAt)) / 60_000) })}</li>
          ))}
        </ul>
      )}
      {kiosk.versions && (
        <>
          <h4>{t(TEXT.versions)}</h4>
          <dl className="fleet__versions">
            <dt>{t(TEXT.app)}</dt>
            <dd>{kiosk.versions.app}</dd>
            <dt>{t(TEXT.rules)}</dt>
            <dd>{kiosk.versions.ruleSets.map((set) => set.version).join(' · ')}</dd>
            <dt>{t(TEXT.addressBase)}</dt>
            <dd>{kiosk.versions.addressBase ?? t(TEXT.unavailable)}</dd>
          </dl>
        </>
      )}
      {kiosk.today && (
        <>
          <h4>{t(TEXT.today)}</h4>
          <p data-today>{t(TEXT.todayCounts, { licences: kiosk.today.licences, referrals: kiosk.today.referrals, rejections: kiosk.today.rejections })}</p>
          {kiosk.today.reasons.length > 0 && (
            <p>
              {t(TEXT.reasons)}: {kiosk.today.reasons.map((reason) => `${reason.rule} × ${reason.count}`).join('，')}
            </p>
          )}
        </>
      )}
      {kiosk.flaggedLicences > 0 && (
        <p className="verdict verdict--attention" data-flagged-licences={kiosk.flaggedLicences}>
          {t(TEXT.flagged, { count: kiosk.flaggedLicences })}
        </p>
      )}
      <Commands kiosk={kiosk} />
    </article>
  );
}

function Commands({ kiosk }: { kiosk: FleetKioskView }) {
  const t = useT();
  const language = useLanguage();
  const [message, setMessage] = useState<{ text: string; problem: boolean } | null>(null);
  const [creditCode, setCreditCode] = useState('');
  const [reason, setReason] = useState('');
  const send = (params: CommandParams) => {
    setMessage(null);
    api.post<{ id: number }>(FLEET_STAFF_PATHS.commands, { kioskId: kiosk.kioskId, params }).then(
      ({ id }) => setMessage({ text: t(TEXT.queued, { id }), problem: false }),
      (error: unknown) => setMessage({ text: error instanceof ApiError ? error.text[language] : String(error), problem: true }),
    );
  };
  const reprint = (event: FormEvent) => {
    event.preventDefault();
    send({ kind: 'reprint', creditCode: creditCode.trim().toUpperCase(), reason: reason.trim() });
  };
  const id = kiosk.kioskId;
  return (
    <section aria-labelledby={`commands-${id}`}>
      <h4 id={`commands-${id}`}>{t(TEXT.commands)}</h4>
      <div className="fleet__buttons">
        <button type="button" className="button" onClick={() => send({ kind: 'test-print', printer: 'thermal' })}>
          {t(TEXT.testThermal)}
        </button>
        <button type="button" className="button" onClick={() => send({ kind: 'test-print', printer: 'laser' })}>
          {t(TEXT.testLaser)}
        </button>
        <button type="button" className="button" onClick={() => send({ kind: 'reload-rule-set' })}>
          {t(TEXT.reload)}
        </button>
        <button type="button" className="button" onClick={() => send({ kind: 'restart-app' })}>
          {t(TEXT.restart)}
        </button>
        <button type="button" className="button" onClick={() => send({ kind: 'collect-logs' })}>
          {t(TEXT.logs)}
        </button>
      </div>
      <form className="fleet__reprint" onSubmit={reprint}>
        <label className="field">
          {t(TEXT.creditCode)}
          <input value={creditCode} onChange={(e) => setCreditCode(e.target.value)} required maxLength={18} autoComplete="off" />
        </label>
        <label className="field">
          {t(TEXT.reprintReason)}
          <input value={reason} onChange={(e) => setReason(e.target.value)} required minLength={2} maxLength={200} autoComplete="off" />
        </label>
        <button type="submit" className="button">
          {t(TEXT.reprint)}
        </button>
      </form>
      {message && (
        <p role={message.problem ? 'alert' : 'status'} className={message.problem ? 'problem' : undefined}>
          {message.text}
        </p>
      )}
      {kiosk.commands.length > 0 && (
        <>
          <h5>{t(TEXT.recent)}</h5>
          <ul className="fleet__commands">
            {kiosk.commands.map((command) => (
              <li key={command.id} data-command={command.id} data-state={command.state}>
                {t(TEXT.commandLine, { id: command.id, kind: t(COMMAND_TEXT[command.kind as CommandParams['kind']] ?? { 'zh-CN': command.kind, en: command.kind }), state: t(STATE_TEXT[command.state]) })}
                {command.detail && ` — ${command.detail}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
