/**
 * Printer and port configuration: each device's driver and that driver's settings,
 * checked by the core with the configuration's own schema (a bad value comes back
 * naming its field) and saved to the configuration file. Saved settings apply at the
 * next start; the restart button asks the shell for one.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { Result } from '../contract';
import { format } from '../i18n';
import { maintenanceMessages } from './maintenance-messages';
import type { TabProps } from './MaintenancePanel';
import { useLoaded } from './use-loaded';

type ConfigView = Extract<Result<'maintenance.config.get'>, { status: 'ok' }>['value'];
type SaveResult = Extract<Result<'maintenance.config.set'>, { status: 'ok' }>['value'];
type Settings = NonNullable<ConfigView['devices'][DeviceKind]>;
type DeviceKind = (typeof DEVICES)[number];

const DEVICES = ['idcard', 'thermal', 'laser', 'camera'] as const;

/** Each device's drivers and the fields each driver takes (core/config/schema.ts). */
const DRIVERS: Readonly<Record<DeviceKind, Readonly<Record<string, readonly string[]>>>> = {
  idcard: { simulator: [], 'sam-serial': ['path', 'baudRate', 'wltDecoder'] },
  thermal: { simulator: [], 'escpos-serial': ['path', 'baudRate'] },
  laser: { simulator: [], ipp: ['printerUri', 'jobTimeoutSeconds'] },
  camera: { simulator: [], browser: ['deviceLabel'] },
};
const NUMERIC = new Set(['baudRate', 'jobTimeoutSeconds']);
/** Left out when empty: the schema's default (or nothing) applies. */
const OPTIONAL = new Set([...NUMERIC, 'deviceLabel', 'printerUri']);

export function ConfigTab({ maintenance, language }: TabProps) {
  const m = maintenanceMessages(language).config;
  const loaded = useLoaded(() => maintenance.call('maintenance.config.get', {}));
  const [devices, setDevices] = useState<ConfigView['devices']>();
  const [saved, setSaved] = useState<SaveResult>();
  const [restartRefused, setRestartRefused] = useState(false);
  useEffect(() => setDevices(loaded.value?.devices), [loaded.value]);
  if (!loaded.value || !devices) return null;
  const view = saved?.saved ? saved : loaded.value;
  const problems = saved && !saved.saved ? saved.problems : [];
  // A problem with a field on screen is shown beside it; any other (a driver name, say) below.
  const fieldsShown = new Set(DEVICES.flatMap((kind) => (DRIVERS[kind][String(devices[kind]?.driver)] ?? []).map((field) => `devices.${kind}.${field}`)));

  const change = (kind: DeviceKind, field: string, text: string) => {
    const current: Settings = { ...(devices[kind] ?? { driver: 'simulator' }) };
    if (field === 'driver') {
      // Fields of the driver left behind would be unknown settings to the new one.
      for (const other of Object.values(DRIVERS[kind]).flat()) delete current[other];
      current.driver = text;
      // Required text fields start empty, so saving unfilled says what each one expects.
      for (const required of DRIVERS[kind][text] ?? []) if (!OPTIONAL.has(required)) current[required] = '';
    } else if (text.trim() === '' && OPTIONAL.has(field)) delete current[field];
    else current[field] = NUMERIC.has(field) && /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    setDevices({ ...devices, [kind]: current });
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const result = await maintenance.call('maintenance.config.set', { devices });
    if (result) setSaved(result);
  };

  const restart = async () => {
    const answer = await maintenance.call('maintenance.restart', {});
    setRestartRefused(answer?.restarting === false);
  };

  return (
    <form className="maintenance-queue" onSubmit={(event) => void save(event)} data-config>
      <p className="hint">{format(m.file, { file: view.file })}</p>
      {DEVICES.map((kind) => {
        const settings = devices[kind] ?? { driver: 'simulator' };
        const driver = String(settings.driver);
        return (
          <fieldset key={kind} className="maintenance-form" data-config-device={kind}>
            <legend>{m.devices[kind]}</legend>
            <label>
              {m.fields.driver}
              <select className="input" value={driver} onChange={(e) => change(kind, 'driver', e.target.value)}>
                {Object.keys(DRIVERS[kind]).map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            {(DRIVERS[kind][driver] ?? []).map((field) => {
              const problem = problems.find((p) => p.field === `devices.${kind}.${field}`);
              return (
                <label key={field}>
                  {m.fields[field as keyof typeof m.fields] ?? field}
                  {field === 'wltDecoder' ? (
                    // Only a decoder installed with the app, by name: it receives every applicant's photo.
                    <select
                      className="input"
                      name={`${kind}.${field}`}
                      value={String(settings[field] ?? '')}
                      aria-invalid={problem ? true : undefined}
                      onChange={(e) => change(kind, field, e.target.value)}
                    >
                      <option value="" disabled>
                        —
                      </option>
                      {view.wltDecoders.map((name) => (
                        <option key={name} value={name}>
                          {name}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      className="input"
                      name={`${kind}.${field}`}
                      value={settings[field] === undefined || settings[field] === null ? '' : String(settings[field])}
                      aria-invalid={problem ? true : undefined}
                      autoComplete="off"
                      spellCheck={false}
                      onChange={(e) => change(kind, field, e.target.value)}
                    />
                  )}
                  {problem ? (
                    <small className="problem" data-field-problem={problem.field}>
                      {problem.message}
                    </small>
                  ) : null}
                </label>
              );
            })}
          </fieldset>
        );
      })}
      {problems
        .filter((p) => !fieldsShown.has(p.field))
        .map((p) => (
          <p key={p.field} className="problem" data-field-problem={p.field}>
            {p.field}: {p.message}
          </p>
        ))}
      <div className="actions">
        <button type="submit" className="button button--primary" data-action="save-config">
          {m.save}
        </button>
        {view.pendingRestart ? (
          <button type="button" className="button" onClick={() => void restart()} data-action="restart" disabled={!loaded.value.canRestart}>
            {m.restart}
          </button>
        ) : null}
      </div>
      {saved?.saved ? (
        <p className="hint" role="status" data-config-saved>
          {saved.pendingRestart ? m.savedNextStart : m.savedSame}
          {saved.backup ? <small> {format(m.backup, { file: saved.backup })}</small> : null}
        </p>
      ) : null}
      {view.pendingRestart && !loaded.value.canRestart ? <p className="hint">{m.restartManually}</p> : null}
      {restartRefused ? (
        <p className="problem" role="alert">
          {m.restartManually}
        </p>
      ) : null}
    </form>
  );
}
