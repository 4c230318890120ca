// Replaced at build time by esbuild's define; the fallbacks serve tsx and vitest.
declare const __APP_VERSION__: string | undefined;

export const APP_NAME = 'miaopi-kiosk';
export const APP_VERSION = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
