/**
 * /inspection: grid inspection after approval. An inspector sees their own open tasks,
 * the earliest due first, overdue ones marked in words and colour, and records each
 * visit on the spot (built for a phone: one column, large targets). Supervisors and
 * admins see the grids by district → street → community → grid with their counts;
 * admins assign grids to inspectors. Everyone here may export a grid's period as CSV.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  INSPECTION_PATHS,
  VISIT_OUTCOME_LABELS,
  VISIT_OUTCOMES,
  type GridSummary,
  type InspectionTask,
  type Place,
  type TasksAnswer,
  type VisitOutcome,
} from '../../../../protocol/centre-inspection';
import { api, ApiError } from '../api';
import { useLanguage, useT, type Text } from '../i18n';
import { chinaDate } from './china-date';
import type { PageProps } from './registry';
import './tables.css';
import './inspection.css';

const TEXT = {
  heading: { 'zh-CN': '批后核查', en: 'Inspection after approval' },
  myTasks: { 'zh-CN': '我的核查任务', en: 'My inspection tasks' },
  dueRule: { 'zh-CN': '执照发出后 {days} 天内须完成核查，最早到期的排在最前。', en: 'Each new business is due for a visit within {days} days of its licence; the earliest due come first.' },
  noTasks: { 'zh-CN': '暂无待核查的经营者', en: 'No business is waiting for a visit' },
  loading: { 'zh-CN': '正在加载…', en: 'Loading…' },
  overdue: { 'zh-CN': '已逾期 {days} 天', en: 'Overdue by {days} days' },
  dueIn: { 'zh-CN': '还剩 {days} 天', en: '{days} days left' },
  dueToday: { 'zh-CN': '今天到期', en: 'Due today' },
  creditCode: { 'zh-CN': '统一社会信用代码', en: 'Credit code' },
  operator: { 'zh-CN': '经营者', en: 'Operator' },
  place: { 'zh-CN': '经营场所', en: 'Place of business' },
  houseCode: { 'zh-CN': '房屋编码', en: 'House code' },
  issued: { 'zh-CN': '登记日期', en: 'Issued' },
  due: { 'zh-CN': '应核查日期', en: 'Due' },
  unnamed: { 'zh-CN': '（无名称）', en: '(no name)' },
  outcome: { 'zh-CN': '核查结果', en: 'What you found' },
  notes: { 'zh-CN': '备注（可选）', en: 'Notes (optional)' },
  record: { 'zh-CN': '登记核查结果', en: 'Record the visit' },
  recording: { 'zh-CN': '正在登记…', en: 'Recording…' },
  chooseOutcome: { 'zh-CN': '请选择核查结果', en: 'Choose what you found' },
  recorded: { 'zh-CN': '已登记：{name}，{outcome}', en: 'Recorded: {name}, {outcome}' },
  flagged: { 'zh-CN': '该执照已标记为待复核。', en: 'The licence is flagged for review.' },
  grids: { 'zh-CN': '网格与网格员', en: 'Grids and their inspectors' },
  noGrids: { 'zh-CN': '暂无新登记的经营者或已分配的网格', en: 'No new business and no assigned grid yet' },
  grid: { 'zh-CN': '网格', en: 'Grid' },
  inspector: { 'zh-CN': '网格员', en: 'Inspector' },
  unassigned: { 'zh-CN': '未分配', en: 'Unassigned' },
  open: { 'zh-CN': '待核查', en: 'Open' },
  overdueCount: { 'zh-CN': '逾期', en: 'Overdue' },
  done: { 'zh-CN': '已核查', en: 'Done' },
  flaggedCount: { 'zh-CN': '待复核', en: 'Flagged' },
  assign: { 'zh-CN': '分配网格', en: 'Assign a grid' },
  gridCode: { 'zh-CN': '网格编码（房屋编码前 14 位）', en: 'Grid code (first 14 digits of the house code)' },
  inspectorName: { 'zh-CN': '网格员用户名', en: "Inspector's user name" },
  assignButton: { 'zh-CN': '分配', en: 'Assign' },
  assigned: { 'zh-CN': '网格 {grid} 已分配给 {name}', en: 'Grid {grid} is now {name}’s' },
  export: { 'zh-CN': '导出 CSV', en: 'Export CSV' },
  exportHint: { 'zh-CN': '按登记日期导出一个网格的经营者及核查结果（Excel 可直接打开）。', en: "A grid's businesses and visits by issue date (opens in Excel)." },
  from: { 'zh-CN': '登记日期自', en: 'Issued from' },
  to: { 'zh-CN': '至', en: 'to' },
  download: { 'zh-CN': '下载 CSV', en: 'Download CSV' },
} satisfies Record<string, Text>;

const DAY_MS = 86_400_000;

export default function InspectionPage({ staff }: PageProps) {
  const t = useT();
  const role = staff?.role;
  const [grids, setGrids] = useState<GridSummary[] | null>(null);
  const [tasks, setTasks] = useState<TasksAnswer | null>(null);
  const [problem, setProblem] = useState<Text | null>(null);
  const overseer = role === 'supervisor' || role === 'admin';

  const loadGrids = () => void api.get<GridSummary[]>(INSPECTION_PATHS.grids).then(setGrids, (e: unknown) => setProblem(messageOf(e)));
  useEffect(() => {
    if (role === 'inspector') api.get<TasksAnswer>(INSPECTION_PATHS.tasks).then(setTasks, (e: unknown) => setProblem(messageOf(e)));
    if (overseer) loadGrids();
  }, [role]);

  const exportGrids = useMemo(() => {
    const codes = overseer ? (grids ?? []).map((g) => g.place) : (tasks?.tasks ?? []).map((task) => task.place);
    return [...new Map(codes.map((p) => [p.grid.code, p])).values()];
  }, [overseer, grids, tasks]);

  return (
    <div className="inspection">
      <h1>{t(TEXT.heading)}</h1>
      {problem && (
        <p className="problem" role="alert">
          {t(problem)}
        </p>
      )}
      {role === 'inspector' && <MyTasks answer={tasks} onRecorded={(code) => setTasks((now) => now && { ...now, tasks: now.tasks.filter((task) => task.creditCode !== code) })} />}
      {overseer && <GridTable grids={grids} />}
      {role === 'admin' && <AssignGrid onAssigned={loadGrids} />}
      <CsvExport grids={exportGrids} />
    </div>
  );
}

function MyTasks({ answer, onRecorded }: { answer: TasksAnswer | null; onRecorded(creditCode: string): void }) {
  const t = useT();
  const [done, setDone] = useState<string | null>(null);
  return (
    <section aria-labelledby="my-tasks">
      <h2 id="my-tasks">{t(TEXT.myTasks)}</h2>
      <p role="status" className="hint">
        {done ?? (answer ? t(TEXT.dueRule, { days: answer.dueDays }) : t(TEXT.loading))}
      </p>
      {answer && answer.tasks.length === 0 && <p>{t(TEXT.noTasks)}</p>}
      <ol className="tasks">
        {answer?.tasks.map((task) => (
          <li key={task.creditCode}>
            <TaskCard
              task={task}
              now={Date.parse(answer.now)}
              onRecorded={(message) => {
                setDone(message);
                onRecorded(task.creditCode);
              }}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}

function TaskCard({ task, now, onRecorded }: { task: InspectionTask; now: number; onRecorded(message: string): void }) {
  const t = useT();
  const language = useLanguage();
  const [outcome, setOutcome] = useState<VisitOutcome | null>(null);
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Text | null>(null);
  const name = task.fullName ?? t(TEXT.unnamed);
  const headingId = `task-${task.creditCode}`;
  const untilDue = Date.parse(task.dueAt) - now;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!outcome) {
      setProblem(TEXT.chooseOutcome);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api.post(INSPECTION_PATHS.visit, { creditCode: task.creditCode, outcome, ...(notes.trim() ? { notes: notes.trim() } : {}) });
      const flagged = outcome === 'address-false' ? ` ${t(TEXT.flagged)}` : '';
      onRecorded(t(TEXT.recorded, { name, outcome: VISIT_OUTCOME_LABELS[outcome][language] }) + flagged);
    } catch (error) {
      setProblem(messageOf(error));
      setBusy(false);
    }
  }

  return (
    <article className={`panel task${task.overdue ? ' task--overdue' : ''}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{name}</h3>
      <p className={task.overdue ? 'task__due task__due--overdue' : 'task__due'}>
        {task.overdue ? t(TEXT.overdue, { days: Math.max(1, Math.floor(-untilDue / DAY_MS)) }) : chinaDate(task.dueAt) === chinaDate(new Date(now).toISOString()) ? t(TEXT.dueToday) : t(TEXT.dueIn, { days: Math.ceil(untilDue / DAY_MS) })}
      </p>
      <dl className="facts">
        <dt>{t(TEXT.place)}</dt>
        <dd>{placeText(task.place)}</dd>
        <dt>{t(TEXT.operator)}</dt>
        <dd>{task.operatorName}</dd>
        <dt>{t(TEXT.creditCode)}</dt>
        <dd className="code">{task.creditCode}</dd>
        <dt>{t(TEXT.houseCode)}</dt>
        <dd className="code">{task.place.houseCode}</dd>
        <dt>{t(TEXT.issued)}</dt>
        <dd>{chinaDate(task.issuedAt)}</dd>
        <dt>{t(TEXT.due)}</dt>
        <dd>{chinaDate(task.dueAt)}</dd>
      </dl>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <fieldset className="choices">
          <legend>{t(TEXT.outcome)}</legend>
          {VISIT_OUTCOMES.map((value) => (
            <label key={value} className="choice">
              <input type="radio" name={`outcome-${task.creditCode}`} value={value} checked={outcome === value} onChange={() => setOutcome(value)} />
              {VISIT_OUTCOME_LABELS[value][language]}
            </label>
          ))}
        </fieldset>
        <label className="field">
          {t(TEXT.notes)}
          <textarea value={notes} maxLength={500} rows={2} onChange={(event) => setNotes(event.target.value)} />
        </label>
        {problem && (
          <p className="problem" role="alert">
            {t(problem)}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? t(TEXT.recording) : t(TEXT.record)}
        </button>
      </form>
    </article>
  );
}

function GridTable({ grids }: { grids: GridSummary[] | null }) {
  const t = useT();
  const areaName = (area: { code: string; name: string | null }) => area.name ?? area.code;
  return (
    <section aria-labelledby="grids">
      <h2 id="grids">{t(TEXT.grids)}</h2>
      {!grids ? (
        <p role="status">{t(TEXT.loading)}</p>
      ) : grids.length === 0 ? (
        <p>{t(TEXT.noGrids)}</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t(TEXT.grid)}</th>
                <th scope="col">{t(TEXT.inspector)}</th>
                <th scope="col">{t(TEXT.open)}</th>
                <th scope="col">{t(TEXT.overdueCount)}</th>
                <th scope="col">{t(TEXT.done)}</th>
                <th scope="col">{t(TEXT.flaggedCount)}</th>
              </tr>
            </thead>
            <tbody>
              {grids.map((grid) => (
                <tr key={grid.place.grid.code} className={grid.overdue > 0 ? 'row--overdue' : undefined}>
                  <th scope="row">
                    {[grid.place.district, grid.place.street, grid.place.community].map(areaName).join(' › ')} › {areaName(grid.place.grid)}
                    <div className="code">{grid.place.grid.code}</div>
                  </th>
                  <td>{grid.inspector ?? t(TEXT.unassigned)}</td>
                  <td>{grid.open}</td>
                  <td>{grid.overdue}</td>
                  <td>{grid.done}</td>
                  <td>{grid.flagged}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AssignGrid({ onAssigned }: { onAssigned(): void }) {
  const t = useT();
  const [gridCode, setGridCode] = useState('');
  const [inspector, setInspector] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [problem, setProblem] = useState<Text | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      await api.post(INSPECTION_PATHS.grids, { gridCode: gridCode.trim(), inspector: inspector.trim() });
      setMessage(t(TEXT.assigned, { grid: gridCode.trim(), name: inspector.trim() }));
      onAssigned();
    } catch (error) {
      setProblem(messageOf(error));
    }
  }
  return (
    <section aria-labelledby="assign" className="panel">
      <h2 id="assign">{t(TEXT.assign)}</h2>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          {t(TEXT.gridCode)}
          <input value={gridCode} inputMode="numeric" pattern="[0-9]{14}" required onChange={(event) => setGridCode(event.target.value)} />
        </label>
        <label className="field">
          {t(TEXT.inspectorName)}
          <input value={inspector} required onChange={(event) => setInspector(event.target.value)} />
        </label>
        {problem && (
          <p className="problem" role="alert">
            {t(problem)}
          </p>
        )}
        <p role="status">{message}</p>
        <button type="submit" className="button button--primary">
          {t(TEXT.assignButton)}
        </button>
      </form>
    </section>
  );
}

function CsvExport({ grids }: { grids: Omit<Place, 'houseCode' | 'address'>[] }) {
  const t = useT();
  const today = chinaDate(new Date().toISOString());
  const [grid, setGrid] = useState('');
  const [from, setFrom] = useState(chinaDate(new Date(Date.now() - 30 * DAY_MS).toISOString()));
  const [to, setTo] = useState(today);
  const chosen = grid || grids[0]?.grid.code || '';
  const href = `${INSPECTION_PATHS.export}?${new URLSearchParams({ grid: chosen, from, to }).toString()}`;
  if (grids.length === 0) return null;
  return (
    <section aria-labelledby="export" className="panel">
      <h2 id="export">{t(TEXT.export)}</h2>
      <p className="hint">{t(TEXT.exportHint)}</p>
      <div className="form">
        <div className="field">
          <label htmlFor="export-grid">{t(TEXT.grid)}</label>
          <select id="export-grid" value={chosen} onChange={(event) => setGrid(event.target.value)}>
            {grids.map((place) => (
              <option key={place.grid.code} value={place.grid.code}>
                {place.grid.name ?? place.grid.code} ({place.grid.code})
              </option>
            ))}
          </select>
        </div>
        <label className="field">
          {t(TEXT.from)}
          <input type="date" value={from} max={to} onChange={(event) => setFrom(event.target.value)} />
        </label>
        <label className="field">
          {t(TEXT.to)}
          <input type="date" value={to} min={from} onChange={(event) => setTo(event.target.value)} />
        </label>
        <a className="button button--primary" href={href} download>
          {t(TEXT.download)}
        </a>
      </div>
    </section>
  );
}

function placeText(place: Place): string {
  const levels = [place.district, place.street, place.community].map((level) => level.name ?? level.code).join('');
  return `${levels}${place.address ?? ''}`;
}

function messageOf(error: unknown): Text {
  return error instanceof ApiError ? error.text : { 'zh-CN': '网络错误，请重试', en: 'Network error: try again' };
}
