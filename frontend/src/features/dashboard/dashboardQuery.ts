// The dashboard's first queries, startable before the page exists: the
// router's prefetch (feature.ts) sends the figures and the first page of the
// overdue list while the session is checked and the page's code downloads,
// and the page takes those answers instead of asking again. Without it the
// page waited for `me`, then its chunk, then the figures, then the list.
import { prefetch, request } from "@/api/client";
import {
  DashboardOverdueDocument,
  DashboardOverviewDocument,
  type DashboardOverdueQuery,
  type DashboardOverdueQueryVariables,
  type DashboardOverviewQuery,
  type DashboardOverviewQueryVariables,
} from "@/gql/graphql";

import { defaultPeriod } from "./period";

/** The rows of one page of the overdue and due-soon lists. */
export const PAGE_SIZE = 10;

/** How long an answer sent ahead may wait for its page: an older one (the
 * page asked for something else meanwhile) is not taken, it may be stale. */
const FRESH_MS = 10_000;

interface Ahead<TResult> {
  key: string;
  sentAt: number;
  answer: Promise<TResult>;
}

let overview: Ahead<DashboardOverviewQuery> | null = null;
let overdue: Ahead<DashboardOverdueQuery> | null = null;

/** The same variables give the same key, whatever their order. */
const keyOf = (variables: object) =>
  JSON.stringify(Object.entries(variables).sort(([a], [b]) => a.localeCompare(b)));

/** The figures' variables of the page at `unit` (a route's ?unit=, or none
 * for the viewer's own unit) over the default period. */
export function overviewVariables(
  unit: string,
  period: readonly string[] = defaultPeriod(new Date()),
): DashboardOverviewQueryVariables {
  return { unitCode: unit || null, fromMonth: period[0], toMonth: period[1] };
}

/** The overdue list's first page at `unit`, all levels. */
export function firstOverdueVariables(unit: string): DashboardOverdueQueryVariables {
  return { unitCode: unit || null, level: null, offset: 0, limit: PAGE_SIZE };
}

function taken<TResult>(
  ahead: Ahead<TResult> | null,
  variables: object,
): ahead is Ahead<TResult> {
  return (
    ahead !== null && ahead.key === keyOf(variables) && Date.now() - ahead.sentAt < FRESH_MS
  );
}

/** Sends the dashboard's figures and first overdue page for `unit` now. */
export function prefetchDashboard(unit: string): void {
  const figures = overviewVariables(unit);
  const sentAt = Date.now();
  overview = {
    key: keyOf(figures),
    sentAt,
    answer: prefetch(DashboardOverviewDocument, figures),
  };
  const list = firstOverdueVariables(unit);
  overdue = { key: keyOf(list), sentAt, answer: prefetch(DashboardOverdueDocument, list) };
  // A failure is reported by the page that takes it (or by the session check).
  overview.answer.catch(() => undefined);
  overdue.answer.catch(() => undefined);
}

/** The prefetched figures if these are the ones sent ahead, else a new request. */
export function loadOverview(
  variables: DashboardOverviewQueryVariables,
): Promise<DashboardOverviewQuery> {
  const ahead = overview;
  overview = null;
  if (taken(ahead, variables)) return ahead.answer;
  return request(DashboardOverviewDocument, variables);
}

/** The prefetched overdue page if it is this one, else a new request. */
export function loadOverdue(
  variables: DashboardOverdueQueryVariables,
): Promise<DashboardOverdueQuery> {
  const ahead = overdue;
  overdue = null;
  if (taken(ahead, variables)) return ahead.answer;
  return request(DashboardOverdueDocument, variables);
}
