/** The default period (统计期间): January of this year to this month, YYYY-MM. */
export function defaultPeriod(today: Date): [string, string] {
  const year = today.getFullYear();
  const month = String(today.getMonth() + 1).padStart(2, "0");
  return [`${year}-01`, `${year}-${month}`];
}
