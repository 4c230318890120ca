/**
 * Maintenance's "exit to desktop". The kiosk runs under a supervisor that restarts it
 * whenever it ends (systemd Restart=always, Windows Shell Launcher), so a technician's
 * deliberate exit ends with its own status, which the supervisor is told not to restart
 * on (RestartPreventExitStatus in packaging/linux/miaopi-kiosk.service).
 */
export const EXIT_TO_DESKTOP_STATUS = 79;

interface ExitingApp {
  exit(code: number): void;
}

/** Closes the core (database, print queue, devices) first; app.exit skips the quit events. */
export function leaveToDesktop(app: ExitingApp, closeCore: () => Promise<void>): Promise<void> {
  return closeCore()
    .catch(() => undefined)
    .then(() => app.exit(EXIT_TO_DESKTOP_STATUS));
}
