// How a link's clocks read on the lists. The numbers are the server's
// (objectionDaysLeft by its working-day calendar, dueDaysLeft in calendar
// days); this only words them and picks a tone.
import type { LinkState } from "@/gql/graphql";

export type Tone = "normal" | "warning" | "danger" | "muted";

export interface ClockText {
  text: string;
  tone: Tone;
}

export interface ObjectionClockInput {
  state: LinkState;
  objectionOpen: boolean;
  objectionDaysLeft?: number | null;
  objectionDueOn: string;
}

export interface DueClockInput {
  dueOn?: string | null;
  dueDaysLeft?: number | null;
}

/** The 5-working-day objection window (管辖异议期限). */
export function objectionClock(link: ObjectionClockInput): ClockText {
  if (link.state === "OBJECTED") return { text: "异议待决", tone: "warning" };
  if (!link.objectionOpen || link.objectionDaysLeft == null) {
    return link.state === "ACTIVE"
      ? { text: `已届满（${link.objectionDueOn}）`, tone: "muted" }
      : { text: "—", tone: "muted" };
  }
  if (link.objectionDaysLeft === 0) {
    return { text: `今日届满（${link.objectionDueOn}）`, tone: "danger" };
  }
  return {
    text: `剩 ${link.objectionDaysLeft} 个工作日（至 ${link.objectionDueOn}）`,
    tone: link.objectionDaysLeft <= 1 ? "warning" : "normal",
  };
}

/** The result due date of an assignment (报结期限). */
export function dueClock(link: DueClockInput): ClockText {
  if (!link.dueOn) return { text: "—", tone: "muted" };
  const days = link.dueDaysLeft;
  if (days == null) return { text: link.dueOn, tone: "muted" };
  if (days < 0) return { text: `${link.dueOn}（已逾期 ${-days} 天）`, tone: "danger" };
  if (days === 0) return { text: `${link.dueOn}（今日到期）`, tone: "danger" };
  return { text: `${link.dueOn}（还剩 ${days} 天）`, tone: days <= 7 ? "warning" : "normal" };
}

const STATE_TAGS: Record<LinkState, "primary" | "warning" | "info" | "success"> = {
  ACTIVE: "primary",
  OBJECTED: "warning",
  REPORTED: "warning",
  WITHDRAWN: "info",
  ACCEPTED: "success",
  DECIDED: "success",
};

/** Element Plus tag type of a link state (its Chinese label is the API's). */
export function stateTag(state: LinkState): "primary" | "warning" | "info" | "success" {
  return STATE_TAGS[state];
}

/** Open states: what the lists show under 办理中. */
export const OPEN_STATES: LinkState[] = ["ACTIVE", "OBJECTED", "REPORTED"];
/** Awaiting the sender's decision (待本级决定). */
export const AWAITING_STATES: LinkState[] = ["OBJECTED", "REPORTED"];

