/** Registration dates are calendar days in Shenzhen, whatever the machine's time zone. */
const SHENZHEN_DAY = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The ISO date (YYYY-MM-DD) of an instant in Shenzhen. */
export function shenzhenDate(instant: Date): string {
  const parts = Object.fromEntries(SHENZHEN_DAY.formatToParts(instant).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}
