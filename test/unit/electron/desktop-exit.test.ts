import { describe, expect, it, vi } from 'vitest';
import { EXIT_TO_DESKTOP_STATUS, leaveToDesktop, restartKiosk } from '../../../electron/desktop-exit';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe("maintenance's exit to desktop", () => {
  it('closes the core before the app exits, with the status systemd does not restart on', async () => {
    const order: string[] = [];
    const app = { exit: vi.fn(() => order.push('exit')), relaunch: vi.fn() };
    await leaveToDesktop(app, async () => void order.push('core closed'));
    expect(order).toEqual(['core closed', 'exit']);
    expect(app.exit).toHaveBeenCalledWith(EXIT_TO_DESKTOP_STATUS);
    const unit = readFileSync(join(import.meta.dirname, '../../../packaging/linux/miaopi-kiosk.service'), 'utf8');
    expect(unit).toMatch(new RegExp(`^RestartPreventExitStatus=${EXIT_TO_DESKTOP_STATUS}$`, 'm'));
  });

  it('still exits when closing the core fails', async () => {
    const app = { exit: vi.fn(), relaunch: vi.fn() };
    await leaveToDesktop(app, () => Promise.reject(new Error('disk gone')));
    expect(app.exit).toHaveBeenCalledWith(EXIT_TO_DESKTOP_STATUS);
  });
});

describe("maintenance's restart after a configuration change", () => {
  it('relaunches itself when nothing supervises it', async () => {
    const app = { exit: vi.fn(), relaunch: vi.fn() };
    await restartKiosk(app, async () => undefined, {});
    expect(app.relaunch).toHaveBeenCalledOnce();
    expect(app.exit).toHaveBeenCalledWith(0);
  });

  it('only exits under systemd or Shell Launcher, which start it again (relaunching too would make two kiosks)', async () => {
    for (const env of [{ INVOCATION_ID: 'f00d' }, { KIOSK_SUPERVISED: '1' }]) {
      const app = { exit: vi.fn(), relaunch: vi.fn() };
      await restartKiosk(app, async () => undefined, env);
      expect(app.relaunch).not.toHaveBeenCalled();
      expect(app.exit).toHaveBeenCalledWith(0);
    }
  });
});
