/** Sessions, decisions, rejections by rule, referrals, pass rate and ratings, as the core counts them. */
import { maintenanceMessages } from './maintenance-messages';
import type { TabProps } from './MaintenancePanel';
import { useLoaded } from './use-loaded';

export function CountersTab({ maintenance, language }: TabProps) {
  const m = maintenanceMessages(language).counters;
  const { value: counters, refresh } = useLoaded(() => maintenance.call('maintenance.counters', {}));
  if (!counters) return null;
  const figures: [string, string | number][] = [
    [m.sessions, counters.sessions],
    [m.decisions, counters.decisions],
    [m.approvals, counters.approvals],
    [m.rejections, counters.rejections],
    [m.referrals, counters.referrals],
    [m.passRate, counters.passRate === null ? '—' : `${(counters.passRate * 100).toFixed(2)} %`],
  ];
  return (
    <div className="maintenance-counters" data-counters>
      <dl className="maintenance-figures">
        {figures.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2>{m.rejectionsByRule}</h2>
      <ul>
        {counters.rejectionsByRule.map(({ rule, count }) => (
          <li key={rule}>
            {rule}: {count}
          </li>
        ))}
      </ul>
      <h2>{m.ratings}</h2>
      <ul>
        {counters.ratings.map(({ level, count }) => (
          <li key={level}>
            {level}: {count}
          </li>
        ))}
      </ul>
      <button type="button" className="button button--small button--quiet" onClick={refresh}>
        {maintenanceMessages(language).refresh}
      </button>
    </div>
  );
}
