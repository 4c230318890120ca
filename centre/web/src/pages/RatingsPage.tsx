/**
 * /ratings (supervisors, admins): 好差评 and where the service's sessions end, over a
 * period, for the city or one hall or kiosk. Four charts (licences per day, ratings per
 * day, referral reasons, time to licence) and the tables behind them.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { RATING_LABELS, RATINGS_PATHS, type Distribution, type RatingsReport } from '../../../../protocol/centre-ratings';
import { api, ApiError } from '../api';
import { useLanguage, useT, type Text } from '../i18n';
import { ChartFigure, type Series } from './ChartFigure';
import { chinaDate } from './china-date';
import './tables.css';
import './ratings.css';

const TEXT = {
  heading: { 'zh-CN': '好差评与服务情况', en: 'Ratings and the service' },
  period: { 'zh-CN': '统计范围', en: 'Period' },
  from: { 'zh-CN': '自', en: 'From' },
  to: { 'zh-CN': '至', en: 'To' },
  hall: { 'zh-CN': '服务大厅', en: 'Hall' },
  allHalls: { 'zh-CN': '全部大厅', en: 'All halls' },
  show: { 'zh-CN': '查看', en: 'Show' },
  loading: { 'zh-CN': '正在加载…', en: 'Loading…' },
  ratingsCount: { 'zh-CN': '评价数', en: 'Ratings' },
  mean: { 'zh-CN': '平均分（5 分制）', en: 'Mean (of 5)' },
  satisfied: { 'zh-CN': '满意率（满意及以上）', en: 'Satisfied or better' },
  licences: { 'zh-CN': '发照数', en: 'Licences' },
  median: { 'zh-CN': '读卡到发照中位时间', en: 'Median time, card to licence' },
  licencesPerDay: { 'zh-CN': '每日发照数', en: 'Licences per day' },
  ratingsPerDay: { 'zh-CN': '每日好差评', en: 'Ratings per day' },
  referralReasons: { 'zh-CN': '转人工原因', en: 'Referral reasons' },
  timeToLicence: { 'zh-CN': '读卡到发照用时', en: 'Time from card to licence' },
  day: { 'zh-CN': '日期', en: 'Day' },
  reason: { 'zh-CN': '原因', en: 'Reason' },
  count: { 'zh-CN': '次数', en: 'Count' },
  seconds: { 'zh-CN': '用时（秒）', en: 'Time (s)' },
  sessions: { 'zh-CN': '办理次数', en: 'Sessions' },
  byHall: { 'zh-CN': '各大厅评价分布', en: 'Ratings by hall' },
  byKiosk: { 'zh-CN': '各终端评价分布', en: 'Ratings by kiosk' },
  byDay: { 'zh-CN': '每日评价分布', en: 'Ratings by day' },
  kiosk: { 'zh-CN': '终端', en: 'Kiosk' },
  total: { 'zh-CN': '合计', en: 'Total' },
  sessionEnds: { 'zh-CN': '办理在哪一步结束', en: 'Where sessions end' },
  step: { 'zh-CN': '步骤', en: 'Step' },
  endReason: { 'zh-CN': '结束原因', en: 'Why' },
  none: { 'zh-CN': '无', en: 'none' },
  licencesSummary: { 'zh-CN': '{days} 天内共发照 {total} 张，单日最多 {max} 张。', en: '{total} licences in {days} days, at most {max} in a day.' },
  ratingsSummary: { 'zh-CN': '{total} 条评价，平均 {mean} 分。', en: '{total} ratings, mean {mean}.' },
  reasonsSummary: { 'zh-CN': '最常见的转人工原因：{top}。', en: 'The commonest referral reason: {top}.' },
  timeSummary: { 'zh-CN': '{count} 张执照，中位用时 {median}。', en: '{count} licences, median {median}.' },
} satisfies Record<string, Text>;

/** Scores 1..5 from red to green, each dark enough for its legend text on white. */
const SCORE_COLOURS = ['#b00020', '#d35400', '#8d6e00', '#2e7d32', '#1b5e20'];
const DAY_MS = 86_400_000;

export default function RatingsPage() {
  const t = useT();
  const [query, setQuery] = useState(() => ({ from: chinaDate(new Date(Date.now() - 13 * DAY_MS).toISOString()), to: chinaDate(new Date().toISOString()), hall: '' }));
  const [draft, setDraft] = useState(query);
  const [report, setReport] = useState<RatingsReport | null>(null);
  const [halls, setHalls] = useState<string[]>([]);
  const [problem, setProblem] = useState<Text | null>(null);

  useEffect(() => {
    const params = new URLSearchParams({ from: query.from, to: query.to, ...(query.hall ? { hall: query.hall } : {}) });
    setReport(null);
    api.get<RatingsReport>(`${RATINGS_PATHS.report}?${params.toString()}`).then(
      (answer) => {
        setReport(answer);
        if (!query.hall) setHalls(answer.byHall.map((h) => h.hall));
      },
      (error: unknown) => setProblem(error instanceof ApiError ? error.text : { 'zh-CN': '网络错误，请重试', en: 'Network error: try again' }),
    );
  }, [query]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setQuery(draft);
  };

  return (
    <div className="ratings">
      <h1>{t(TEXT.heading)}</h1>
      <form className="panel filters" onSubmit={submit} aria-label={t(TEXT.period)}>
        <label className="field">
          {t(TEXT.from)}
          <input type="date" value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label className="field">
          {t(TEXT.to)}
          <input type="date" value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        {/* Labelled by id, not by wrapping: a wrapping label would take the options' text into the select's name. */}
        <div className="field">
          <label htmlFor="ratings-hall">{t(TEXT.hall)}</label>
          <select id="ratings-hall" value={draft.hall} onChange={(e) => setDraft({ ...draft, hall: e.target.value })}>
            <option value="">{t(TEXT.allHalls)}</option>
            {halls.map((hall) => (
              <option key={hall} value={hall}>
                {hall}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button button--primary">
          {t(TEXT.show)}
        </button>
      </form>
      {problem && (
        <p className="problem" role="alert">
          {t(problem)}
        </p>
      )}
      {report ? <Report report={report} /> : !problem && <p role="status">{t(TEXT.loading)}</p>}
    </div>
  );
}

function Report({ report }: { report: RatingsReport }) {
  const t = useT();
  const language = useLanguage();
  const scoreLabel = (score: number) => RATING_LABELS.find((l) => l.score === score)![language];
  const days = useMemo(() => daysOf(report.query.from, report.query.to), [report]);
  const medianText = report.timeToLicence.medianMs === null ? t(TEXT.none) : seconds(report.timeToLicence.medianMs);
  const licencesTotal = report.licencesPerDay.reduce((sum, d) => sum + d.count, 0);

  const licences = useMemo(() => {
    const byDay = new Map(report.licencesPerDay.map((d) => [d.day, d.count]));
    return { labels: days, series: [{ label: t(TEXT.licences), data: days.map((d) => byDay.get(d) ?? 0), colour: '#0b4f8a' }] satisfies Series[] };
  }, [report, days, language]);
  const ratings = useMemo(() => {
    const byDay = new Map(report.byDay.map((d) => [d.day, d.counts]));
    const series = [5, 4, 3, 2, 1].map((score) => ({ label: scoreLabel(score), data: days.map((d) => byDay.get(d)?.[score - 1] ?? 0), colour: SCORE_COLOURS[score - 1]! }));
    return { labels: days, series };
  }, [report, days, language]);
  const reasons = useMemo(
    () => ({ labels: report.referralReasons.map((r) => r.reason), series: [{ label: t(TEXT.count), data: report.referralReasons.map((r) => r.count), colour: '#a50d24' }] }),
    [report, language],
  );
  const time = useMemo(
    () => ({
      labels: report.timeToLicence.histogram.map((b) => (b.toSeconds === null ? `≥ ${b.fromSeconds}` : `${b.fromSeconds}–${b.toSeconds}`)),
      series: [{ label: t(TEXT.sessions), data: report.timeToLicence.histogram.map((b) => b.count), colour: '#4a148c' }],
    }),
    [report, language],
  );

  return (
    <>
      <dl className="figures" aria-label={t(TEXT.period)}>
        <Figure label={t(TEXT.ratingsCount)} value={String(report.ratings.total)} />
        <Figure label={t(TEXT.mean)} value={report.ratings.mean === null ? t(TEXT.none) : report.ratings.mean.toFixed(2)} />
        <Figure label={t(TEXT.satisfied)} value={satisfiedShare(report.ratings)} />
        <Figure label={t(TEXT.licences)} value={String(licencesTotal)} />
        <Figure label={t(TEXT.median)} value={medianText} />
      </dl>
      <div className="charts">
        <ChartFigure
          id="licences-per-day"
          title={TEXT.licencesPerDay}
          summary={t(TEXT.licencesSummary, { days: days.length, total: licencesTotal, max: Math.max(0, ...licences.series[0]!.data) })}
          labels={licences.labels}
          series={licences.series}
          labelHeading={t(TEXT.day)}
        />
        <ChartFigure
          id="ratings-per-day"
          title={TEXT.ratingsPerDay}
          summary={t(TEXT.ratingsSummary, { total: report.ratings.total, mean: report.ratings.mean?.toFixed(2) ?? t(TEXT.none) })}
          stacked
          labels={ratings.labels}
          series={ratings.series}
          labelHeading={t(TEXT.day)}
        />
        <ChartFigure
          id="referral-reasons"
          title={TEXT.referralReasons}
          summary={t(TEXT.reasonsSummary, { top: report.referralReasons[0]?.reason ?? t(TEXT.none) })}
          horizontal
          labels={reasons.labels}
          series={reasons.series}
          labelHeading={t(TEXT.reason)}
        />
        <ChartFigure
          id="time-to-licence"
          title={TEXT.timeToLicence}
          summary={t(TEXT.timeSummary, { count: report.timeToLicence.count, median: medianText })}
          labels={time.labels}
          series={time.series}
          labelHeading={t(TEXT.seconds)}
        />
      </div>
      <DistributionTable id="by-hall" title={TEXT.byHall} heading={t(TEXT.hall)} rows={report.byHall.map((h) => ({ key: h.hall, ...h }))} scoreLabel={scoreLabel} />
      <DistributionTable id="by-kiosk" title={TEXT.byKiosk} heading={t(TEXT.kiosk)} rows={report.byKiosk.map((k) => ({ key: k.kioskId, ...k }))} scoreLabel={scoreLabel} />
      <DistributionTable id="by-day" title={TEXT.byDay} heading={t(TEXT.day)} rows={report.byDay.map((d) => ({ key: d.day, ...d }))} scoreLabel={scoreLabel} />
      <section className="panel" aria-labelledby="session-ends">
        <h2 id="session-ends">{t(TEXT.sessionEnds)}</h2>
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t(TEXT.step)}</th>
                <th scope="col">{t(TEXT.endReason)}</th>
                <th scope="col">{t(TEXT.count)}</th>
              </tr>
            </thead>
            <tbody>
              {report.sessionEnds.map((end) => (
                <tr key={`${end.step}/${end.reason}`}>
                  <td>{end.step}</td>
                  <td>{end.reason}</td>
                  <td>{end.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

function DistributionTable({ id, title, heading, rows, scoreLabel }: { id: string; title: Text; heading: string; rows: ({ key: string } & Distribution)[]; scoreLabel(score: number): string }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{t(title)}</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{heading}</th>
              {[5, 4, 3, 2, 1].map((score) => (
                <th scope="col" key={score}>
                  {scoreLabel(score)}
                </th>
              ))}
              <th scope="col">{t(TEXT.total)}</th>
              <th scope="col">{t(TEXT.mean)}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.key}</th>
                {[5, 4, 3, 2, 1].map((score) => (
                  <td key={score}>{row.counts[score - 1]}</td>
                ))}
                <td>{row.total}</td>
                <td>{row.mean?.toFixed(2) ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Every day of the period, so a day without licences shows as 0 rather than missing. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += DAY_MS) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

function satisfiedShare(d: Distribution): string {
  return d.total === 0 ? '—' : `${Math.round(((d.counts[3] + d.counts[4]) / d.total) * 100)} %`;
}
