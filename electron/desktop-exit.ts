/**
 * Maintenance's "exit to desktop". The kiosk runs under a supervisor that restarts it
 * whenever it ends (systemd Restart=always, Windows Shell Launcher), so a technician's
 * deliberate exit ends with its own status, which the supervisor is told not to restart
 * on (RestartPreventExitStatus in packaging/linux/miaopi-kiosk.service).
 */
export const EXIT_TO_DESKTOP_STATUS = 79;

interface ExitingApp {
  exit(code: number): void;
  relaunch(): void;
}

/** Closes the core (database, print queue, devices) first; app.exit skips the quit events. */
export function leaveToDesktop(app: ExitingApp, closeCore: () => Promise<void>): Promise<void> {
  return closeCore()
    .catch(() => undefined)
    .then(() => app.exit(EXIT_TO_DESKTOP_STATUS));
}

/**
 * Maintenance's "restart the kiosk" (after a configuration change). Under a supervisor
 * that restarts the kiosk whenever it ends (systemd sets INVOCATION_ID; Shell Launcher
 * installs set KIOSK_SUPERVISED=1), exiting is enough, and relaunching as well would
 * start two kiosks; without one, the app relaunches itself.
 */
export function restartKiosk(app: ExitingApp, closeCore: () => Promise<void>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const supervised = Boolean(env.INVOCATION_ID) || env.KIOSK_SUPERVISED === '1';
  return closeCore()
    .catch(() => undefined)
    .then(() => {
      if (!supervised) app.relaunch();
      app.exit(0);
    });
}
