/** Every device's live status, a test print per printer and a masked test read of the ID reader. */
import { useEffect, useState } from 'react';
import type { DeviceStatusView, IdCardTestResult, KioskBridge, PrinterName, TestPrintResult } from '../contract';
import { format, messages, reasonText } from '../i18n';
import { maintenanceMessages } from './maintenance-messages';
import type { TabProps } from './MaintenancePanel';

export function DevicesTab({ bridge, maintenance, language }: TabProps & { bridge: KioskBridge }) {
  const m = maintenanceMessages(language);
  const app = messages(language);
  const [devices, setDevices] = useState<DeviceStatusView[]>([]);
  const [printed, setPrinted] = useState<Partial<Record<PrinterName, TestPrintResult>>>({});
  const [card, setCard] = useState<IdCardTestResult>();
  const [busy, setBusy] = useState<string>();

  // Statuses come live from the core's event; only the first list needs a call (no token, so it never keeps maintenance open).
  useEffect(() => {
    const off = bridge.on('devices.status', setDevices);
    void bridge.call('devices.list', {}).then(setDevices);
    return off;
  }, [bridge]);

  const testPrint = async (printer: PrinterName) => {
    setBusy(printer);
    const result = await maintenance.call('maintenance.testPrint', { printer }).finally(() => setBusy(undefined));
    if (result) setPrinted((p) => ({ ...p, [printer]: result }));
  };

  const testRead = async () => {
    setBusy('idcard');
    const result = await maintenance.call('maintenance.idcard.testRead', {}).finally(() => setBusy(undefined));
    if (result) setCard(result);
  };

  const reason = (r: string) => reasonText(app, r);

  return (
    <ul className="maintenance-devices">
      {devices.map((device) => (
        <li key={device.kind} className={`device device--${device.level}`} data-device={device.kind} data-level={device.level}>
          <span className="device__name">{app.device[device.kind]}</span>
          <span className="device__state">{device.reasons.length ? device.reasons.map(reason).join('、') : app.level[device.level]}</span>
          <small className="device__driver">
            {device.driver} · {device.message}
          </small>
          {device.kind === 'thermal' || device.kind === 'laser' ? (
            <>
              <button type="button" className="button button--small" disabled={busy !== undefined} onClick={() => void testPrint(device.kind as PrinterName)} data-action="test-print">
                {m.testPrint}
              </button>
              <TestPrintLine m={m} result={printed[device.kind]} reason={reason} />
            </>
          ) : null}
          {device.kind === 'idcard' ? (
            <>
              <button type="button" className="button button--small" disabled={busy !== undefined} onClick={() => void testRead()} data-action="test-read">
                {m.testRead}
              </button>
              {card ? (
                <p className="hint" data-test-read={card.read ? 'read' : 'failed'}>
                  {card.read
                    ? format(m.cardRead, { name: card.card.name, id: card.card.idNumberMasked, validTo: card.card.validTo })
                    : format(m.cardNotRead, { reason: reason(card.reason) })}
                </p>
              ) : null}
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function TestPrintLine({ m, result, reason }: { m: ReturnType<typeof maintenanceMessages>; result: TestPrintResult | undefined; reason(r: string): string }) {
  if (!result) return null;
  return (
    <p className={result.printed ? 'hint' : 'problem problem--field'} data-test-print={result.printed ? 'printed' : 'failed'}>
      {result.printed ? m.testPrinted : format(m.testNotPrinted, { reason: reason(result.reason ?? 'failed') })}
    </p>
  );
}
