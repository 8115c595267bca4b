import type { Status } from "@/gql/graphql";
import { caseMessages } from "@/locales/zh-CN";

export interface DecisionFacts {
  status: Status;
  acceptedOn?: string | null;
  declineGroundLabel?: string | null;
  referTargetLabel?: string | null;
  referTo: string;
}

/**
 * The acceptance decision (受理决定) as the case page names it, in the words
 * the portal tells the petitioner (supervision/crosslevel/services/online.py
 * `_decision`): an accepted case says 受理, not 无.
 */
export function decisionText(petition: DecisionFacts): string {
  const t = caseMessages.basics;
  if (petition.status === "DECLINED") {
    return petition.declineGroundLabel ? `${t.declined}：${petition.declineGroundLabel}` : t.declined;
  }
  if (petition.status === "REFERRED") {
    const target = petition.referTargetLabel ?? t.referred;
    return petition.referTo ? `${target}（${petition.referTo}）` : target;
  }
  if (petition.status !== "REGISTERED" && petition.acceptedOn) return t.accepted;
  return caseMessages.parties.none;
}
