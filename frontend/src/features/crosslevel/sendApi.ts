// Calls of the send dialog: the picker's candidates (one query, the server
// decides every unit) and the three send mutations.
import { payloadErrors, request } from "@/api/client";
import {
  CrosslevelAssignDocument,
  CrosslevelEscalateDocument,
  CrosslevelTransferDocument,
  PetitionSendCandidatesDocument,
  type PetitionSendCandidatesQuery,
  type SendKind,
} from "@/gql/graphql";

export type SendCandidates = NonNullable<PetitionSendCandidatesQuery["petitionSendCandidates"]>;

export const SEND_KINDS: readonly SendKind[] = ["ASSIGN", "TRANSFER", "ESCALATE"];

export async function sendCandidates(petitionId: string, kind: SendKind): Promise<SendCandidates | null> {
  const data = await request(PetitionSendCandidatesDocument, { id: petitionId, kind });
  return data.petitionSendCandidates ?? null;
}

/** What the send dialog shows of the case (what the receiving unit sees). */
export interface SendCase {
  id: string;
  trackingNumber: string;
  title: string;
  content: string;
  legalTypeLabel: string;
  channelLabel: string;
  topicLabel?: string | null;
}

export interface SendRequest {
  petitionId: string;
  targetCode: string;
  requirement: string;
  dueOn: string | null;
}

export interface SendError {
  code: string;
  field?: string | null;
  message: string;
}

/** Sends the case; answers the server's errors (empty when done). */
export async function sendCase(kind: SendKind, value: SendRequest): Promise<SendError[]> {
  const base = {
    petitionId: value.petitionId,
    targetCode: value.targetCode,
    requirement: value.requirement,
  };
  if (kind === "ASSIGN") {
    const data = await request(CrosslevelAssignDocument, {
      input: { ...base, dueOn: value.dueOn },
    });
    return payloadErrors(data.petitionAssign?.errors ?? []);
  }
  if (kind === "TRANSFER") {
    const data = await request(CrosslevelTransferDocument, { input: base });
    return payloadErrors(data.petitionTransfer?.errors ?? []);
  }
  const data = await request(CrosslevelEscalateDocument, { input: base });
  return payloadErrors(data.petitionEscalate?.errors ?? []);
}
