// How a clock (办理时限) is shown: its state as a coloured tag, the days left
// in words, and its end with what moved it (holidays, 调休, extension) and
// whether it is provisional. The server computes every date and state; this
// only words them.
import type { ClockState, PetitionCaseQuery } from "@/gql/graphql";
import { caseMessages } from "@/locales/zh-CN";

export type CaseClock = NonNullable<PetitionCaseQuery["petition"]>["clocks"][number];

export type TagType = "success" | "warning" | "danger" | "info";

const TAG_TYPES: Record<ClockState, TagType> = {
  RUNNING: "success",
  WARNING: "warning",
  OVERDUE: "danger",
};

const t = caseMessages.clock;

export interface ClockView {
  code: string;
  name: string;
  stateLabel: string;
  tagType: TagType;
  remaining: string;
  start: string;
  end: string;
  /** The end before it was moved to the next working day, if it was. */
  movedFrom: string | null;
  isProvisional: boolean;
  provisionalNote: string | null;
  explanation: string;
  basis: string;
  /** The petitioner's own window (复查/复核 request), not the unit's deadline. */
  isPetitionerWindow: boolean;
}

/** "剩余 5 天", "今日到期", "已超期 3 天". */
export function remainingText(daysRemaining: number): string {
  if (daysRemaining > 0) return t.remaining(daysRemaining);
  if (daysRemaining === 0) return t.dueToday;
  return t.overdueBy(-daysRemaining);
}

export function clockView(clock: CaseClock): ClockView {
  return {
    code: clock.code,
    name: clock.name,
    stateLabel: clock.stateLabel,
    // A petitioner's window never makes the unit late: shown neutral.
    tagType: clock.isUnitDeadline ? TAG_TYPES[clock.state] : "info",
    remaining: remainingText(clock.daysRemaining),
    start: clock.start,
    end: clock.end,
    movedFrom: clock.nominalEnd !== clock.end ? clock.nominalEnd : null,
    isProvisional: clock.isProvisional,
    provisionalNote: clock.isProvisional ? t.provisional : null,
    explanation: clock.explanation,
    basis: clock.basis,
    isPetitionerWindow: !clock.isUnitDeadline,
  };
}

/** The days left on the unit's own running deadline, for the header. */
export function headerDaysLeft(clocks: readonly CaseClock[]): string | null {
  const own = clocks.filter((clock) => clock.isUnitDeadline);
  if (own.length === 0) return null;
  const clock = own[own.length - 1];
  return remainingText(clock.daysRemaining) + (clock.isProvisional ? t.provisionalMark : "");
}
