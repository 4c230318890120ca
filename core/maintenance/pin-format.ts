/**
 * The shape of a maintenance PIN and of its stored hash, without any crypto, so the
 * configuration schema can check a hash without loading the hashing code.
 */

/** 4 to 12 digits: what a PIN pad can type. */
export const PIN_PATTERN = /^\d{4,12}$/;

/** scrypt:N:r:p:salt:hash, salt and hash in base64url. */
export const PIN_HASH_PATTERN = /^scrypt:(\d+):(\d+):(\d+):([A-Za-z0-9_-]{16,}):([A-Za-z0-9_-]{32,})$/;

/**
 * The hash of the development PIN 246810 (README, "Maintenance mode"). It opens
 * maintenance on a developer's machine and on simulated kiosks; an installation sets
 * its own with `kioskctl maintenance set-pin`, and the core warns when a kiosk with real
 * devices still uses this one.
 */
export const DEV_PIN_HASH = 'scrypt:16384:8:1:a2lvc2stZGV2LXBpbi1zYWx0:tQdjBkVFEvyjoAGnJSUn7lxfl02jLLpbM7l4z2BMJh4';
