// The case page's calls besides its query: the enum labels for the dialogs'
// choices (read once), the staff candidates, the action mutations and the
// attachment upload (a multipart POST, not GraphQL).
import { ApiError, ensureCsrfToken, forgetCsrfToken, payloadErrors, request } from "@/api/client";
import {
  CaseEnumLabelsDocument,
  PetitionCaseCandidatesDocument,
  type PetitionCaseCandidatesQuery,
  type TypedDocumentString,
} from "@/gql/graphql";

export interface Option {
  value: string;
  label: string;
}

export interface PayloadError {
  code: string;
  field?: string | null;
  message: string;
}

let labels: Promise<Map<string, Option[]>> | null = null;

/** Every enum's values with their Chinese labels, from the server. */
export function enumOptions(): Promise<Map<string, Option[]>> {
  labels ??= request(CaseEnumLabelsDocument)
    .then((data) => new Map(data.enumLabels.map((item) => [item.name, [...item.values]])))
    .catch((failure) => {
      labels = null;
      throw failure;
    });
  return labels;
}

export type StaffCandidates = NonNullable<
  PetitionCaseCandidatesQuery["petition"]
>["staffCandidates"];

export async function staffCandidates(petitionId: string): Promise<StaffCandidates | null> {
  const data = await request(PetitionCaseCandidatesDocument, { id: petitionId });
  return data.petition?.staffCandidates ?? null;
}

type ActionResult = Record<string, { errors: PayloadError[] } | null>;

/** Runs one action's mutation; answers its errors (empty when done). */
export async function runAction(
  document: { toString(): string },
  variables: Record<string, unknown>,
): Promise<PayloadError[]> {
  const typed = document as TypedDocumentString<ActionResult, Record<string, unknown>>;
  const data = await request(typed, variables);
  const payload = Object.values(data)[0];
  return payloadErrors(payload?.errors ?? []);
}

/** Uploads one file to the case; answers the server's message on refusal. */
export async function uploadAttachment(petitionId: string, file: File): Promise<string | null> {
  const post = async () => {
    const body = new FormData();
    body.append("file", file);
    return fetch(`/petitions/${petitionId}/attachments/`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": await ensureCsrfToken() },
      body,
    });
  };
  let response = await post();
  if (response.status === 403) {
    // A stale token after the session changed: ask for a new one once.
    forgetCsrfToken();
    response = await post();
  }
  if (response.status === 201) return null;
  try {
    const answer = (await response.json()) as { errors?: PayloadError[] };
    return answer.errors?.[0]?.message ?? `服务器错误（${response.status}）`;
  } catch {
    throw new ApiError(`服务器错误（${response.status}）`, "SERVER_ERROR");
  }
}
