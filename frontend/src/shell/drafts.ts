// Half-filled forms are kept in this browser's localStorage, keyed by user and
// form, so an expired session or a closed tab loses nothing; the draft is
// removed once the server has accepted the form.
const PREFIX = "zugong.draft.";

export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function storage(): DraftStorage | null {
  return typeof localStorage === "undefined" ? null : localStorage;
}

export function draftKey(username: string, form: string): string {
  return `${PREFIX}${username}.${form}`;
}

export function draftLoad<T>(key: string, store = storage()): T | null {
  const text = store?.getItem(key);
  if (!text) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    store?.removeItem(key);
    return null;
  }
}

export function draftSave(key: string, value: unknown, store = storage()): void {
  store?.setItem(key, JSON.stringify(value));
}

export function draftClear(key: string, store = storage()): void {
  store?.removeItem(key);
}
