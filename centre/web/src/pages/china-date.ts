/** YYYY-MM-DD in China Standard Time, the halls' calendar, whatever the browser's zone. */
export function chinaDate(iso: string): string {
  return new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}
