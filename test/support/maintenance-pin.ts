/** Maintenance PINs in tests: the shipped one, and one an installation set in its configuration. */

/** The shipped development PIN (README): it opens only the step that replaces it. */
export const SHIPPED_PIN = '246810';

/** A PIN set in the configuration, as an installation does: maintenance opens fully with it. */
export const TECHNICIAN_PIN = '135790';

/** The configuration of a kiosk whose PIN is TECHNICIAN_PIN (`kioskctl maintenance set-pin` printed the hash). */
export const TECHNICIAN_PIN_CONFIG = { KIOSK__MAINTENANCE__PIN_HASH: 'scrypt:16384:8:1:pjn8kK9F_H7e8eII2iwPuw:Pal3itDyyFB7tz8ixUg-mDjtUhL-JE69_XlyjDBrcwU' };
