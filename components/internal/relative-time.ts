// Pure relative-time text ("5 minutes ago") for alert timestamps.

const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Number.POSITIVE_INFINITY],
];

// Building a formatter costs far more than using one: one per locale, made on first use.
const formatters = new Map<string, Intl.RelativeTimeFormat>();
const formatter = (locale = ''): Intl.RelativeTimeFormat => {
  let f = formatters.get(locale);
  if (!f)
    formatters.set(
      locale,
      (f = new Intl.RelativeTimeFormat(locale || undefined, { numeric: 'auto' })),
    );
  return f;
};

/**
 * Text for the time between `iso` and `now` (ms since epoch), e.g. "3 minutes ago";
 * an unparsable time gives "".
 * @example
 * relativeTime('2024-01-01T00:00:00Z', Date.parse('2024-01-01T00:05:00Z')); // "5 minutes ago"
 */
export function relativeTime(iso: string, now: number, locale?: string): string {
  const then = Date.parse(iso);
  if (!Number.isFinite(then)) return '';
  let amount = (then - now) / 1000;
  const format = formatter(locale);
  if (Math.abs(amount) < 10) return format.format(0, 'second');
  for (const [unit, size] of steps) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return '';
}
