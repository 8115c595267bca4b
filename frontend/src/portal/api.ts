// The portal's own small fetch: no session, the unit named by X-Unit.
import type { TypedDocumentString } from "@/gql/graphql";

let csrfToken: string | null = null;

export class PortalError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

async function token(): Promise<string> {
  if (csrfToken === null) {
    const response = await fetch("/csrf/", { credentials: "same-origin" });
    csrfToken = ((await response.json()) as { csrfToken: string }).csrfToken;
  }
  return csrfToken;
}

export async function call<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  unitCode?: string,
): Promise<TResult> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-CSRFToken": await token(),
  };
  if (unitCode) headers["X-Unit"] = unitCode;
  const response = await fetch("/graphql/", {
    method: "POST",
    credentials: "same-origin",
    headers,
    body: JSON.stringify({ query: document.toString(), variables }),
  });
  let body: { data?: TResult; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch {
    throw new PortalError(`服务器错误（${response.status}）`, "SERVER_ERROR");
  }
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new PortalError(first.message, first.extensions?.code ?? "ERROR");
  }
  if (body.data === undefined) {
    throw new PortalError(`服务器错误（${response.status}）`, "SERVER_ERROR");
  }
  return body.data;
}
