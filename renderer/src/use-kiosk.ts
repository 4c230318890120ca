/**
 * The renderer's live copy of what the core publishes: app info, device statuses and
 * the session. It only mirrors; every decision stays in the core.
 */
import { useEffect, useState } from 'react';
import type { AppInfo, DeviceStatusView, KioskBridge, SessionSnapshot } from './contract';

export interface KioskView {
  info: AppInfo;
  devices: DeviceStatusView[];
  session: SessionSnapshot;
}

export function useKioskView(bridge: KioskBridge): KioskView | undefined {
  const [view, setView] = useState<KioskView>();

  useEffect(() => {
    let live = true;
    // Subscribe first so no change between the initial reads and the subscription is lost.
    const offDevices = bridge.on('devices.status', (devices) => setView((v) => v && { ...v, devices }));
    const offSession = bridge.on('session.state', (session) => setView((v) => v && { ...v, session }));
    void Promise.all([bridge.call('app.info', {}), bridge.call('devices.list', {}), bridge.call('session.get', {})]).then(
      ([info, devices, session]) => {
        if (live) setView({ info, devices, session });
      },
    );
    return () => {
      live = false;
      offDevices();
      offSession();
    };
  }, [bridge]);

  return view;
}
