// A small typed fetch client rather than Apollo: every page reloads what it
// shows after each action, so a normalized cache would only add weight (~40 KB
// gzip) and a second source of truth. Operations are the codegen's typed
// strings, so results and variables are typed from the schema.
import { csrfToken } from "@/api/csrf";
import { requestBody, type UploadFile } from "@/api/multipart";
import type { TypedDocumentString } from "@/gql/graphql";

export interface GraphQLErrorItem {
  message: string;
  extensions?: { code?: string; field?: string };
}

/** A failure of the whole request (network, server, or a GraphQL error). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

type Listener = () => void;
const sessionExpiredListeners = new Set<Listener>();

/** Called when the server no longer knows the session (signed out or expired). */
export function onSessionExpired(listener: Listener): () => void {
  sessionExpiredListeners.add(listener);
  return () => sessionExpiredListeners.delete(listener);
}

// The served index.html carries the session's token (frontend/workbench.py),
// so the first request needs no round trip to /csrf/; after sign-in or
// sign-out (which rotate it) the token is asked for again.
// A pending request is shared, so calls made at once send one token.
const workbenchCsrfToken = csrfToken(embeddedCsrfToken());

function embeddedCsrfToken(): Promise<string> | null {
  if (typeof document === "undefined") return null;
  const meta = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]');
  return meta?.content ? Promise.resolve(meta.content) : null;
}

/** The workbench's token, for its GraphQL calls and its uploads. */
export function ensureCsrfToken(): Promise<string> {
  return workbenchCsrfToken.get();
}

/** Django rotates the CSRF token at sign-in and sign-out. */
export function forgetCsrfToken(): void {
  workbenchCsrfToken.forget();
}

const UNAUTHENTICATED = "UNAUTHENTICATED";

function isSessionLost(errors: GraphQLErrorItem[]): boolean {
  return errors.some((error) => error.extensions?.code === UNAUTHENTICATED);
}

/** Runs one operation; throws ApiError on a request-level failure. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never>
    ? [] | [TVariables]
    : [TVariables]
): Promise<TResult> {
  return send(document, variables, true);
}

/** Like `request`, with files for the operation's `Upload` variables (a
 * multipart request; the variables hold null where each file goes). */
export async function requestWithFiles<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  files: UploadFile[],
): Promise<TResult> {
  return send(document, variables, true, files);
}

/**
 * Like `request`, for a query started ahead of the page that shows it (while
 * the router still checks the session): a lost session is left to that check
 * rather than announced twice.
 */
export async function prefetch<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  return send(document, variables, false);
}

async function send<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables | undefined,
  announceSessionLoss: boolean,
  files: UploadFile[] = [],
): Promise<TResult> {
  const post = async () => {
    const headers: Record<string, string> = { "X-CSRFToken": await ensureCsrfToken() };
    // A multipart body's boundary is the browser's to set.
    if (!files.length) headers["Content-Type"] = "application/json";
    return fetch("/graphql/", {
      method: "POST",
      credentials: "same-origin",
      headers,
      body: requestBody(document.toString(), variables ?? {}, files),
    });
  };
  let response = await post();
  if (response.status === 403) {
    // A stale CSRF token after the session changed: fetch a new one once.
    forgetCsrfToken();
    response = await post();
  }
  if (response.status === 413) {
    // The server's cap on a multipart request (graphql_api/core/upload.py).
    throw new ApiError("上传的文件合计过大，请减少或压缩后再提交", "REQUEST_TOO_LARGE");
  }
  let body: { data?: TResult; errors?: GraphQLErrorItem[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`服务器错误（${response.status}）`, "SERVER_ERROR");
  }
  if (body.errors?.length) {
    if (announceSessionLoss && isSessionLost(body.errors)) {
      sessionExpiredListeners.forEach((listener) => listener());
    }
    const [first] = body.errors;
    throw new ApiError(
      first.message,
      first.extensions?.code ?? "ERROR",
      first.extensions?.field,
    );
  }
  if (!response.ok || body.data === undefined) {
    throw new ApiError(`服务器错误（${response.status}）`, "SERVER_ERROR");
  }
  return body.data;
}

/** The `errors` of a mutation payload: also signals a lost session. */
export function payloadErrors<T extends { code: string }>(errors: readonly T[]): T[] {
  if (errors.some((error) => error.code === UNAUTHENTICATED)) {
    sessionExpiredListeners.forEach((listener) => listener());
  }
  return [...errors];
}
