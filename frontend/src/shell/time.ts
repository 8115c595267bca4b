/**
 * Server timestamps as officials read them: Beijing time (北京时间), whatever
 * the browser's own time zone, in one format across the workbench.
 */
const CHINA_TIME = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** A server timestamp (ISO 8601 with any offset) as "2026-12-03 09:05". */
export function chinaDateTime(value: string): string {
  const parts = Object.fromEntries(CHINA_TIME.formatToParts(new Date(value)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
