// The GraphQL multipart request spec, shared by the workbench and the portal.

/** Files for `Upload` variables: each goes where `path` (e.g.
 * `variables.input.attachments.0`) names, per the GraphQL multipart request
 * spec; the variables hold null there. */
export type UploadFile = { path: string; file: File };

/** The request body: JSON, or multipart when files go with it. */
export function requestBody(query: string, variables: unknown, files: UploadFile[] = []): BodyInit {
  const operations = JSON.stringify({ query, variables });
  if (!files.length) return operations;
  const form = new FormData();
  form.append("operations", operations);
  form.append("map", JSON.stringify(Object.fromEntries(files.map((f, i) => [String(i), [f.path]]))));
  files.forEach((f, i) => form.append(String(i), f.file, f.file.name));
  return form;
}
