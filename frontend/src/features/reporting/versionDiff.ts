import { diffChars } from "diff";

/** One run of text in a section's diff: kept, added or removed. */
export interface DiffPart {
  text: string;
  kind: "same" | "added" | "removed";
}

/** A narrative section compared between two versions of a report. */
export interface SectionDiff {
  key: string;
  label: string;
  changed: boolean;
  parts: DiffPart[];
}

interface SectionText {
  key: string;
  label: string;
  text: string;
}

/**
 * Compares two versions section by section (Chinese text has no spaces, so by
 * character): every section of either version appears once, in the newer
 * version's order, then sections only the older one had.
 */
export function diffVersions(older: SectionText[], newer: SectionText[]): SectionDiff[] {
  const before = new Map(older.map((section) => [section.key, section]));
  const keys = [...newer.map((s) => s.key), ...older.map((s) => s.key)].filter(
    (key, index, all) => all.indexOf(key) === index,
  );
  const after = new Map(newer.map((section) => [section.key, section]));
  return keys.map((key) => {
    const previous = before.get(key)?.text ?? "";
    const current = after.get(key)?.text ?? "";
    const label = after.get(key)?.label ?? before.get(key)?.label ?? key;
    const parts: DiffPart[] = diffChars(previous, current).map((change) => ({
      text: change.value,
      kind: change.added ? "added" : change.removed ? "removed" : "same",
    }));
    return { key, label, changed: previous !== current, parts };
  });
}
