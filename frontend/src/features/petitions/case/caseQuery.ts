// The case page's query, startable before the page exists: the router's
// prefetch (feature.ts) sends it while the session is checked, and the page
// takes that answer instead of asking again.
import { prefetch, request } from "@/api/client";
import { PetitionCaseDocument, type PetitionCaseQuery } from "@/gql/graphql";

let ahead: { id: string; answer: Promise<PetitionCaseQuery> } | null = null;

/** Sends the case query for `id` now; the page takes it when it mounts. */
export function prefetchCase(id: string): void {
  const answer = prefetch(PetitionCaseDocument, { id });
  // A failure is reported by the page that takes it (or by the session check).
  answer.catch(() => undefined);
  ahead = { id, answer };
}

/** The prefetched answer for `id` if one is pending, else a new request. */
export function loadCase(id: string): Promise<PetitionCaseQuery> {
  if (ahead?.id === id) {
    const { answer } = ahead;
    ahead = null;
    return answer;
  }
  return request(PetitionCaseDocument, { id });
}

/** The performance mark the page sets once the case and its allowed actions
 * are rendered (read by frontend/case_page_bench.py). */
export const INTERACTIVE_MARK = "case-page-interactive";
