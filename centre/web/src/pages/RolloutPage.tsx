/**
 * /rollouts (technician, supervisor, admin): what the authority published and how far
 * it has gone. Each rule set shows its stage (on the canary kiosks, everywhere, halted)
 * and why: the canaries' referral rate against the baseline and the factor. Address
 * deltas and restricted lists go to every kiosk at once. Below, which version each
 * kiosk runs, by ring and hall. Supervisors and admins promote, halt or resume (the
 * centre checks the role; the buttons are only shown to those it allows). The page
 * follows the fleet's live stream and reads the state again when a kiosk reports, so a
 * rollout the canaries stop shows halted without a reload.
 */
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { FLEET_STAFF_PATHS } from '../../../../protocol/centre-fleet';
import {
  ROLLOUT_PATHS,
  type PublishedVersionView,
  type RolloutAction,
  type RolloutKioskView,
  type RolloutState,
  type RuleSetRolloutView,
} from '../../../../protocol/centre-rollout';
import { api, ApiError } from '../api';
import { useT, type Text } from '../i18n';
import { chinaDate } from './china-date';
import type { PageProps } from './registry';
import './tables.css';
import './fleet.css';
import './rollout.css';

const TEXT = {
  heading: { 'zh-CN': '分环发布', en: 'Rollouts' },
  loading: { 'zh-CN': '正在读取发布状态…', en: 'Reading the rollouts…' },
  live: { 'zh-CN': '实时更新中', en: 'Live' },
  reconnecting: { 'zh-CN': '连接中断，正在重连…', en: 'Connection lost, reconnecting…' },
  ruleSets: { 'zh-CN': '规则集', en: 'Rule sets' },
  ruleSetsHint: {
    'zh-CN': '新规则集先发往灰度终端；灰度终端判定满 {min} 件后，若转人工率超过基线的 {factor} 倍即自动暂停，否则发往全部终端。',
    en: 'A new rule set goes to the canary kiosks first; once they have decided {min} applications on it, it stops by itself if their referral rate is above {factor} × the baseline, else it goes to every kiosk.',
  },
  service: { 'zh-CN': '业务', en: 'Service' },
  version: { 'zh-CN': '版本', en: 'Version' },
  stage: { 'zh-CN': '状态', en: 'Stage' },
  why: { 'zh-CN': '依据', en: 'Evidence' },
  running: { 'zh-CN': '运行终端', en: 'Kiosks running it' },
  actions: { 'zh-CN': '操作', en: 'Actions' },
  none: { 'zh-CN': '尚无发布', en: 'Nothing published yet' },
  published: { 'zh-CN': '发布于 {date}', en: 'published {date}' },
  sequence: { 'zh-CN': '序号', en: 'Sequence' },
  publishedAt: { 'zh-CN': '发布日期', en: 'Published' },
  everywhere: { 'zh-CN': '全部终端同时获取（不分环）', en: 'To every kiosk at once (no rings)' },
  addressDeltas: { 'zh-CN': '地址库增量', en: 'Address-base deltas' },
  addressHint: { 'zh-CN': '各终端按发布顺序逐个应用。', en: 'Every kiosk applies them in publication order.' },
  rooms: { 'zh-CN': '房屋数', en: 'Rooms' },
  restrictedLists: { 'zh-CN': '限制名单', en: 'Restricted list' },
  entries: { 'zh-CN': '条目数', en: 'Entries' },
  kiosks: { 'zh-CN': '终端运行的版本', en: 'Versions the kiosks run' },
  kiosksHint: { 'zh-CN': '以各终端最近一次心跳上报为准。', en: "As each kiosk's latest heartbeat reported them." },
  kiosk: { 'zh-CN': '终端', en: 'Kiosk' },
  ring: { 'zh-CN': '环', en: 'Ring' },
  hall: { 'zh-CN': '大厅', en: 'Hall' },
  noHall: { 'zh-CN': '未分配大厅', en: 'No hall' },
  addressBase: { 'zh-CN': '地址库', en: 'Address base' },
  noHeartbeat: { 'zh-CN': '尚未收到心跳', en: 'No heartbeat yet' },
  kioskCount: { 'zh-CN': '{count} 台', en: '{count}' },
  done: { 'zh-CN': '{version}：{from} → {to}', en: '{version}: {from} → {to}' },
  failed: { 'zh-CN': '操作失败', en: 'That did not work' },
} satisfies Record<string, Text>;

const SERVICE_TEXT: Record<RuleSetRolloutView['service'], Text> = {
  registration: { 'zh-CN': '设立登记', en: 'Registration' },
  deregistration: { 'zh-CN': '注销登记', en: 'Deregistration' },
};

const STAGE_TEXT: Record<NonNullable<RuleSetRolloutView['stage']> | 'before-rings', Text> = {
  canary: { 'zh-CN': '灰度试点中', en: 'On the canaries' },
  all: { 'zh-CN': '已全面发布', en: 'Everywhere' },
  halted: { 'zh-CN': '已暂停', en: 'Halted' },
  'before-rings': { 'zh-CN': '已全面发布', en: 'Everywhere' },
};

const RING_TEXT: Record<RolloutKioskView['ring'], Text> = {
  canary: { 'zh-CN': '灰度', en: 'Canary' },
  all: { 'zh-CN': '全部', en: 'All' },
};

/** A button's accessible name is its visible words and the version it acts on. */
const ACTION_TEXT: Record<RolloutAction, { button: Text; label: Text }> = {
  promote: { button: { 'zh-CN': '全面发布', en: 'Promote to every kiosk' }, label: { 'zh-CN': '全面发布 {version}', en: 'Promote to every kiosk: {version}' } },
  halt: { button: { 'zh-CN': '暂停', en: 'Halt' }, label: { 'zh-CN': '暂停 {version}', en: 'Halt: {version}' } },
  resume: { button: { 'zh-CN': '恢复灰度试点', en: 'Resume on the canaries' }, label: { 'zh-CN': '恢复灰度试点 {version}', en: 'Resume on the canaries: {version}' } },
};

/** Why a rule set is where it is, in words: the canaries' rate, the baseline and the factor. */
const WHY_TEXT = {
  trial: {
    'zh-CN': '灰度终端已判定 {decisions}/{min} 件，转人工 {referrals} 件（{rate}）；基线转人工率 {baseline}',
    en: 'The canaries decided {decisions} of {min} applications, {referrals} referred ({rate}); baseline referral rate {baseline}',
  },
  haltedByRate: {
    'zh-CN': '自动暂停：灰度终端转人工率 {rate}，超过基线 {baseline} 的 {factor} 倍',
    en: 'Stopped by itself: the canaries referred {rate}, above {factor} × the baseline of {baseline}',
  },
  promotedByRate: {
    'zh-CN': '自动全面发布：灰度终端转人工率 {rate}，未超过基线 {baseline} 的 {factor} 倍',
    en: 'Went everywhere by itself: the canaries referred {rate}, within {factor} × the baseline of {baseline}',
  },
  byStaff: { 'zh-CN': '由 {name} 于 {time} 操作', en: 'By {name} at {time}' },
  noCanaries: { 'zh-CN': '发布时没有灰度终端，直接全面发布', en: 'There were no canary kiosks: it went everywhere at once' },
  beforeRings: { 'zh-CN': '分环发布启用前发布', en: 'Published before rollout by rings' },
} satisfies Record<string, Text>;

function percent(rate: number | null): string {
  // A no-break space: the sign never wraps away from its number.
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}\u00a0%`;
}

type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * The state, read again whenever the fleet's stream says a kiosk reported (a heartbeat
 * follows the decisions it synced): at most one read in flight, and one more a second
 * later if anything arrived meanwhile, so a fleet of hundreds costs a page one read a
 * second at most.
 */
const REREAD_AFTER_MS = 1000;

function useRolloutState(): { state: RolloutState | null; problem: Text | null; connection: Connection; reload: () => void } {
  const [state, setState] = useState<RolloutState | null>(null);
  const [problem, setProblem] = useState<Text | null>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const reading = useRef(false);
  const again = useRef(false);
  const read = useCallback(() => {
    api
      .get<RolloutState>(ROLLOUT_PATHS.state)
      .then(
        (answer) => (setState(answer), setProblem(null)),
        (error: unknown) => setProblem(error instanceof ApiError ? error.text : TEXT.failed),
      )
      .finally(() => {
        // Still "reading" until the next read starts: events meanwhile wait for it.
        if (again.current) {
          again.current = false;
          setTimeout(read, REREAD_AFTER_MS);
        } else reading.current = false;
      });
  }, []);
  const reload = useCallback(() => {
    if (reading.current) {
      again.current = true;
      return;
    }
    reading.current = true;
    read();
  }, [read]);
  useEffect(() => {
    const source = new EventSource(FLEET_STAFF_PATHS.events);
    source.addEventListener('snapshot', () => (setConnection('live'), reload()));
    source.addEventListener('kiosk', reload);
    source.addEventListener('error', () => setConnection('reconnecting'));
    return () => source.close();
  }, [reload]);
  return { state, problem, connection, reload };
}

export default function RolloutPage(_props: PageProps) {
  const t = useT();
  const { state, problem, connection, reload } = useRolloutState();
  return (
    <section className="rollouts" aria-labelledby="rollouts-heading">
      <div className="fleet__top">
        <h1 id="rollouts-heading">{t(TEXT.heading)}</h1>
        {connection !== 'connecting' && (
          <p role="status" className={`fleet__connection fleet__connection--${connection}`} data-connection={connection}>
            {t(connection === 'live' ? TEXT.live : TEXT.reconnecting)}
          </p>
        )}
      </div>
      {problem && (
        <p className="problem" role="alert">
          {t(problem)}
        </p>
      )}
      {!state ? (
        <p role="status">{t(TEXT.loading)}</p>
      ) : (
        <>
          <RuleSets state={state} onChanged={reload} />
          <Published heading={TEXT.addressDeltas} hint={TEXT.addressHint} sizeHeading={TEXT.rooms} rows={state.addressDeltas} id="address-deltas" />
          <Published heading={TEXT.restrictedLists} hint={null} sizeHeading={TEXT.entries} rows={state.restrictedLists} id="restricted-lists" />
          <Kiosks kiosks={state.kiosks} />
        </>
      )}
    </section>
  );
}

function RuleSets({ state, onChanged }: { state: RolloutState; onChanged: () => void }) {
  const t = useT();
  const [message, setMessage] = useState<{ text: Text | string; problem: boolean } | null>(null);
  const settings = state.ruleSets[0];
  const act = (action: RolloutAction, ruleSet: RuleSetRolloutView) => {
    setMessage(null);
    api.post<{ from: string; to: string }>(ROLLOUT_PATHS[action], { service: ruleSet.service, version: ruleSet.version }).then(
      ({ from, to }) => {
        setMessage({ text: t(TEXT.done, { version: ruleSet.version, from: t(STAGE_TEXT[from as keyof typeof STAGE_TEXT]), to: t(STAGE_TEXT[to as keyof typeof STAGE_TEXT]) }), problem: false });
        onChanged();
      },
      (error: unknown) => {
        setMessage({ text: error instanceof ApiError ? error.text : TEXT.failed, problem: true });
        onChanged();
      },
    );
  };
  const runningOn = (ruleSet: RuleSetRolloutView) => state.kiosks.filter((k) => k.ruleSets?.some((set) => set.service === ruleSet.service && set.version === ruleSet.version)).length;
  return (
    <section className="panel rollouts__section" aria-labelledby="rule-sets-heading">
      <h2 id="rule-sets-heading">{t(TEXT.ruleSets)}</h2>
      {settings && <p className="hint">{t(TEXT.ruleSetsHint, { min: settings.minDecisions, factor: settings.factor })}</p>}
      {message && (
        <p role={message.problem ? 'alert' : 'status'} className={message.problem ? 'problem' : undefined}>
          {typeof message.text === 'string' ? message.text : t(message.text)}
        </p>
      )}
      {state.ruleSets.length === 0 ? (
        <p>{t(TEXT.none)}</p>
      ) : (
        <Table headings={[TEXT.version, TEXT.service, TEXT.stage, TEXT.why, TEXT.running, TEXT.actions]}>
          {state.ruleSets.map((ruleSet) => (
            <tr key={`${ruleSet.service}:${ruleSet.version}`} data-rule-set={`${ruleSet.service}:${ruleSet.version}`} data-stage={ruleSet.stage ?? 'before-rings'}>
              <th scope="row">
                {ruleSet.version}
                <br />
                <span className="hint">{t(TEXT.published, { date: chinaDate(ruleSet.publishedAt) })}</span>
              </th>
              <td>{t(SERVICE_TEXT[ruleSet.service])}</td>
              <td>
                <span className={`badge badge--${ruleSet.stage === 'halted' ? 'error' : ruleSet.stage === 'canary' ? 'warning' : 'ok'}`}>{t(STAGE_TEXT[ruleSet.stage ?? 'before-rings'])}</span>
              </td>
              <td data-why>
                <Why ruleSet={ruleSet} />
              </td>
              <td>{t(TEXT.kioskCount, { count: runningOn(ruleSet) })}</td>
              <td>
                <div className="fleet__buttons">
                  {ruleSet.actions.map((action) => (
                    <button key={action} type="button" className="button" aria-label={t(ACTION_TEXT[action].label, { version: ruleSet.version })} onClick={() => act(action, ruleSet)}>
                      {t(ACTION_TEXT[action].button)}
                    </button>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function Why({ ruleSet }: { ruleSet: RuleSetRolloutView }) {
  const t = useT();
  const { stage, stageChangedBy, stageChangedAt } = ruleSet;
  if (stage === null) return <>{t(WHY_TEXT.beforeRings)}</>;
  const decided = { rate: percent(ruleSet.decidedCanaryRate), baseline: percent(ruleSet.decidedBaselineRate), factor: ruleSet.factor };
  const lines: string[] = [];
  if (stage === 'canary') {
    lines.push(t(WHY_TEXT.trial, { decisions: ruleSet.canary.decisions, min: ruleSet.minDecisions, referrals: ruleSet.canary.referrals, rate: percent(ruleSet.canary.rate), baseline: percent(ruleSet.baseline.rate) }));
  } else if (stageChangedBy === null && ruleSet.decidedCanaryRate !== null) {
    lines.push(t(stage === 'halted' ? WHY_TEXT.haltedByRate : WHY_TEXT.promotedByRate, decided));
  } else if (stageChangedBy === null) {
    lines.push(t(WHY_TEXT.noCanaries));
  }
  if (stageChangedBy !== null && stageChangedAt !== null) lines.push(t(WHY_TEXT.byStaff, { name: stageChangedBy, time: new Date(stageChangedAt).toLocaleString() }));
  return (
    <>
      {lines.map((line) => (
        <p key={line} className="rollouts__why">
          {line}
        </p>
      ))}
    </>
  );
}

function Published({ heading, hint, sizeHeading, rows, id }: { heading: Text; hint: Text | null; sizeHeading: Text; rows: PublishedVersionView[]; id: string }) {
  const t = useT();
  return (
    <section className="panel rollouts__section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t(heading)}</h2>
      <p className="hint">
        {t(TEXT.everywhere)}
        {hint && ` ${t(hint)}`}
      </p>
      {rows.length === 0 ? (
        <p>{t(TEXT.none)}</p>
      ) : (
        <Table headings={[TEXT.version, TEXT.sequence, TEXT.publishedAt, sizeHeading]}>
          {rows.map((row) => (
            <tr key={row.sequence}>
              <th scope="row">{row.version}</th>
              <td>{row.sequence}</td>
              <td>{chinaDate(row.publishedAt)}</td>
              <td>{row.size}</td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}

function Kiosks({ kiosks }: { kiosks: RolloutKioskView[] }) {
  const t = useT();
  const version = (kiosk: RolloutKioskView, service: 'registration' | 'deregistration') => kiosk.ruleSets?.find((set) => set.service === service)?.version ?? '—';
  return (
    <section className="panel rollouts__section" aria-labelledby="rollout-kiosks-heading">
      <h2 id="rollout-kiosks-heading">{t(TEXT.kiosks)}</h2>
      <p className="hint">{t(TEXT.kiosksHint)}</p>
      <Table headings={[TEXT.kiosk, TEXT.ring, TEXT.hall, SERVICE_TEXT.registration, SERVICE_TEXT.deregistration, TEXT.addressBase]}>
        {kiosks.map((kiosk) => (
          <tr key={kiosk.kioskId} data-kiosk={kiosk.kioskId} data-ring={kiosk.ring}>
            <th scope="row">{kiosk.kioskId}</th>
            <td>{t(RING_TEXT[kiosk.ring])}</td>
            <td>{kiosk.hall ?? t(TEXT.noHall)}</td>
            {kiosk.ruleSets === null ? (
              <td colSpan={3}>{t(TEXT.noHeartbeat)}</td>
            ) : (
              <>
                <td data-version="registration">{version(kiosk, 'registration')}</td>
                <td data-version="deregistration">{version(kiosk, 'deregistration')}</td>
                <td>{kiosk.addressBase ?? '—'}</td>
              </>
            )}
          </tr>
        ))}
      </Table>
    </section>
  );
}

/** A table of rows under column headings, scrolling sideways on a phone. */
function Table({ headings, children }: { headings: Text[]; children: ReactNode }) {
  const t = useT();
  return (
    <div className="table-scroll">
      <table className="table">
        <thead>
          <tr>
            {headings.map((heading) => (
              <th key={heading.en} scope="col">
                {t(heading)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
