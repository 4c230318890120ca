import type { DeviceStatusView } from '../contract';
import { reasonText, type Messages } from '../i18n';

export function DeviceStatusPanel({ devices, m }: { devices: DeviceStatusView[]; m: Messages }) {
  return (
    <section className="devices" aria-labelledby="devices-heading">
      <h2 id="devices-heading">{m.devicesHeading}</h2>
      <ul>
        {devices.map((device) => (
          <li key={device.kind} className={`device device--${device.level}`} data-device={device.kind} data-level={device.level}>
            <span className="device__name">{m.device[device.kind]}</span>
            <span className="device__state">
              {device.reasons.length ? device.reasons.map((r) => reasonText(m, r)).join('、') : m.level[device.level]}
              {device.driver === 'simulator' ? <small className="device__driver"> · {m.simulated}</small> : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
