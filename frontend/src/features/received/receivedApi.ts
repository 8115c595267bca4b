// Calls of the received / issued pages: one paginated list and the four
// cross-level decisions; each mutation answers the server's errors.
import { payloadErrors, request } from "@/api/client";
import {
  CaseLinkHistoryDocument,
  type CaseLinkHistoryQuery,
  type LinkDirection,
  type LinkKind,
  type LinkRowFragment,
  type LinkState,
  ReceivedLinkPageDocument,
  RemitObjectionDecideDocument,
  RemitObjectionRaiseDocument,
  ReportCaseFilesDocument,
  type ReportCaseFilesQuery,
  type ReportFinding,
  ReportFindingLabelsDocument,
  ResultReportDecideDocument,
  ResultReportSubmitDocument,
} from "@/gql/graphql";

export type LinkRow = LinkRowFragment;
export type HistoryLink = CaseLinkHistoryQuery["caseLinks"]["items"][number];
export type CaseFiles = NonNullable<ReportCaseFilesQuery["petition"]>;

export interface ServerError {
  code: string;
  field?: string | null;
  message: string;
}

export const PAGE_SIZE = 20;
// Both lists keep to what goes down the tree; escalations and 复查 requests
// have their own pages.
const DOWN_THE_TREE: LinkKind[] = ["TRANSFER", "ASSIGN"];

export async function linkPage(
  direction: LinkDirection,
  states: LinkState[] | null,
  page: number,
): Promise<{ items: LinkRow[]; totalCount: number }> {
  const data = await request(ReceivedLinkPageDocument, {
    direction,
    states,
    kinds: DOWN_THE_TREE,
    offset: (page - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  return data.caseLinksPage;
}

export async function linkHistory(petitionId: string): Promise<HistoryLink[]> {
  return (await request(CaseLinkHistoryDocument, { petitionId })).caseLinks.items;
}

export async function caseFiles(petitionId: string): Promise<CaseFiles | null> {
  return (await request(ReportCaseFilesDocument, { id: petitionId })).petition ?? null;
}

let findings: Promise<{ value: string; label: string }[]> | null = null;

/** The findings a report may state (核查结论), with the API's labels. */
export function reportFindings(): Promise<{ value: string; label: string }[]> {
  findings ??= request(ReportFindingLabelsDocument).then(
    (data) => [...(data.enumLabels.find((item) => item.name === "ReportFinding")?.values ?? [])],
  );
  return findings;
}

export async function objectionRaise(linkId: string, reason: string): Promise<ServerError[]> {
  const data = await request(RemitObjectionRaiseDocument, { linkId, reason });
  return payloadErrors(data.remitObjectionRaise?.errors ?? []);
}

export async function objectionDecide(objectionId: string, uphold: boolean, note: string): Promise<ServerError[]> {
  const data = await request(RemitObjectionDecideDocument, { objectionId, uphold, note });
  return payloadErrors(data.remitObjectionDecide?.errors ?? []);
}

export interface ReportValue {
  linkId: string;
  finding: string | null;
  handling: string;
  petitionerOpinion: string;
  attachmentIds: string[];
}

export async function reportSubmit(value: ReportValue): Promise<ServerError[]> {
  const data = await request(ResultReportSubmitDocument, {
    input: {
      linkId: value.linkId,
      // The enum value as the API names it; empty means the case's own finding.
      finding: (value.finding || null) as ReportFinding | null,
      handling: value.handling,
      petitionerOpinion: value.petitionerOpinion,
      attachmentIds: value.attachmentIds,
    },
  });
  return payloadErrors(data.resultReportSubmit?.errors ?? []);
}

export async function reportDecide(reportId: string, accept: boolean, note: string): Promise<ServerError[]> {
  const data = await request(ResultReportDecideDocument, { reportId, accept, note });
  return payloadErrors(data.resultReportDecide?.errors ?? []);
}
