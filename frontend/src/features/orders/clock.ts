// How an order's reply clock and state read on the pages. The days come from
// the server (daysRemaining / daysOverdue, as of its today); nothing here
// counts dates.
import { messages as t } from "./messages";

export type Tone = "danger" | "warning" | "success" | "info";

export interface ClockFields {
  state: string;
  daysRemaining?: number | null;
  daysOverdue?: number | null;
  isAnsweredLate: boolean;
}

export interface ClockView {
  text: string;
  tone: Tone;
}

/** Days at or under which an open order's clock turns amber. */
export const DUE_SOON_DAYS = 3;

/** The reply clock: days overdue, due today, days remaining (amber when
 * few), or, once answered, whether on time. */
export function orderClock(order: ClockFields): ClockView {
  if (order.state !== "OPEN") {
    return order.isAnsweredLate
      ? { text: t.clock.answeredLate, tone: "warning" }
      : { text: t.clock.answeredOnTime, tone: "success" };
  }
  const overdue = order.daysOverdue ?? 0;
  if (overdue > 0) return { text: t.clock.overdue(overdue), tone: "danger" };
  const remaining = order.daysRemaining ?? 0;
  if (remaining <= 0) return { text: t.clock.dueToday, tone: "warning" };
  return {
    text: t.clock.remaining(remaining),
    tone: remaining <= DUE_SOON_DAYS ? "warning" : "info",
  };
}

/** The state tag's colour: open and overdue red, open amber, answered green. */
export function stateTone(order: { state: string; isOverdue: boolean }): Tone {
  if (order.state !== "OPEN") return "success";
  return order.isOverdue ? "danger" : "warning";
}

/** The escalation reached (催办阶段): 0 none, 1 reminded, 2 bulletined. */
export function escalationText(stage: number): string {
  if (stage >= 2) return t.escalation.bulletined;
  if (stage === 1) return t.escalation.reminded;
  return t.escalation.none;
}

/** History steps that the deadline scan took (逾期催办、通报), to highlight. */
export function isEscalation(action: string): boolean {
  return action === "REMINDED" || action === "BULLETINED";
}
