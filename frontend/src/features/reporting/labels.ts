import { ref } from "vue";

import { request } from "@/api/client";
import { ReportingLabelsDocument } from "@/gql/graphql";

// The server's Chinese labels of every enum, loaded once per page load.
const table = ref<Record<string, Record<string, string>>>({});
let loading: Promise<void> | null = null;

export function loadLabels(): Promise<void> {
  loading ??= request(ReportingLabelsDocument).then((data) => {
    table.value = Object.fromEntries(
      data.enumLabels.map((e) => [e.name, Object.fromEntries(e.values.map((v) => [v.value, v.label]))]),
    );
  });
  return loading;
}

export function label(enumName: string, value: string | null | undefined): string {
  if (!value) return "";
  return table.value[enumName]?.[value] ?? value;
}

export function valuesOf(enumName: string): { value: string; label: string }[] {
  return Object.entries(table.value[enumName] ?? {}).map(([value, text]) => ({ value, label: text }));
}
