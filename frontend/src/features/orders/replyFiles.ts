// A topic order's reply files, checked as the server checks them
// (supervision/crosslevel/services/orders.py), so a refusal shows before the
// upload; the type is judged by the content there, and its answer still wins.
const MB = 1024 * 1024;
export const MAX_REPLY_FILES = 5;
export const MAX_FILE_BYTES = 10 * MB;
export const MAX_REPLY_FILES_BYTES = 25 * MB;

type Picked = { name: string; size: number };

/** The server's message for the first rule the files break, or null. */
export function replyFilesError(files: readonly Picked[]): string | null {
  if (files.length > MAX_REPLY_FILES) return `附件不能超过${MAX_REPLY_FILES}个`;
  for (const file of files) {
    if (file.size === 0) return `“${file.name}”：文件为空`;
    if (file.size > MAX_FILE_BYTES) return `“${file.name}”：文件不能超过${MAX_FILE_BYTES / MB}MB`;
  }
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_REPLY_FILES_BYTES) return `附件合计不能超过${MAX_REPLY_FILES_BYTES / MB}MB`;
  return null;
}
