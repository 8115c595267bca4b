// The portal's own small fetch: no session, the unit named by X-Unit.
import { csrfToken } from "@/api/csrf";
import { requestBody, type UploadFile } from "@/api/multipart";
import type { TypedDocumentString } from "@/gql/graphql";

export { requestBody, type UploadFile };

// The portal has no session, so no token in its page: asked of /csrf/.
const portalCsrfToken = csrfToken();

export class PortalError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export function token(): Promise<string> {
  return portalCsrfToken.get();
}

export async function call<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  unitCode?: string,
  files: UploadFile[] = [],
): Promise<TResult> {
  // The browser sets the multipart boundary itself.
  const headers: Record<string, string> = { "X-CSRFToken": await token() };
  if (!files.length) headers["Content-Type"] = "application/json";
  if (unitCode) headers["X-Unit"] = unitCode;
  const response = await fetch("/graphql/", {
    method: "POST",
    credentials: "same-origin",
    headers,
    body: requestBody(document.toString(), variables, files),
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
