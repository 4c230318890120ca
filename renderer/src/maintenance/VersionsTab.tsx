/** The app, the rule sets in force and the address database, by version. */
import { format } from '../i18n';
import { maintenanceMessages } from './maintenance-messages';
import type { TabProps } from './MaintenancePanel';
import { UpdatesSection } from './UpdatesSection';
import { useLoaded } from './use-loaded';

export function VersionsTab({ maintenance, language }: TabProps) {
  const m = maintenanceMessages(language).versions;
  const { value: status, refresh } = useLoaded(() => maintenance.call('maintenance.status', {}));
  if (!status) return null;
  const { versions } = status;
  const address = versions.addressDatabase;
  return (
    <>
    <dl className="maintenance-figures" data-versions>
      <div>
        <dt>{m.app}</dt>
        <dd>{versions.app}</dd>
      </div>
      {versions.ruleSets.map((ruleSet) => (
        <div key={ruleSet.service}>
          <dt>
            {m.ruleSet} · {m[ruleSet.service]}
          </dt>
          <dd>
            {ruleSet.version} <small title={ruleSet.hash}>sha256 {ruleSet.hash.slice(0, 12)}…</small>
          </dd>
        </div>
      ))}
      <div>
        <dt>{m.address}</dt>
        <dd>{address.available ? format(m.rooms, { rooms: address.rooms, builtAt: address.builtAt }) : format(m.unavailable, { problem: address.problem })}</dd>
      </div>
    </dl>
    <UpdatesSection maintenance={maintenance} language={language} onChanged={refresh} />
    </>
  );
}
