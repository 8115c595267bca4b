/**
 * Server timestamps as officials read them: Beijing time (北京时间), whatever
 * the browser's own time zone, in one format across the workbench.
 */
function chinaClock(seconds: boolean): (value: string) => string {
  const format = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    ...(seconds ? { second: "2-digit" } : {}),
    hourCycle: "h23",
  });
  return (value) => {
    const parts = Object.fromEntries(format.formatToParts(new Date(value)).map((part) => [part.type, part.value]));
    const clock = `${parts.hour}:${parts.minute}${seconds ? `:${parts.second}` : ""}`;
    return `${parts.year}-${parts.month}-${parts.day} ${clock}`;
  };
}

/** A server timestamp (ISO 8601 with any offset) as "2026-12-03 09:05". */
export const chinaDateTime = chinaClock(false);

/** A server timestamp as "2026-12-03 09:05:07" (Beijing time, to the second). */
export const chinaDateTimeSeconds = chinaClock(true);

const WALL_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/**
 * A Beijing wall-clock time as typed in a picker ("2026-12-03 09:05:07") as
 * the API's DateTime ("2026-12-03T09:05:07+08:00"), whatever the browser's
 * own time zone; null when it is not such a time.
 */
export function chinaTimeToIso(value: string): string | null {
  const match = WALL_TIME.exec(value.trim());
  return match ? `${match[1]}T${match[2]}+08:00` : null;
}

/**
 * The API's half-open range [since, until) for a range of whole seconds picked
 * in Beijing time, both ends included: until is the second after `to`.
 */
export function chinaTimeRange(from: string, to: string): { since: string | null; until: string | null } {
  const since = chinaTimeToIso(from);
  const end = chinaTimeToIso(to);
  if (!end) return { since, until: null };
  const next = new Date(new Date(end).getTime() + 1000).toISOString();
  return { since, until: chinaTimeToIso(chinaDateTimeSeconds(next)) };
}
