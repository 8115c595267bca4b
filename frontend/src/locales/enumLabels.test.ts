import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { expect, test } from "vitest";

import { enumLabels } from "./zh-CN";

// The API's schema, as printed by `manage.py print_schema`.
const SCHEMA = readFileSync(resolve(__dirname, "../../../graphql_api/schema.graphql"), "utf-8");

function schemaValues(name: string): string[] | null {
  const block = new RegExp(`^enum ${name} \\{([^}]*)\\}`, "m").exec(SCHEMA);
  if (!block) return null;
  return block[1]
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^[A-Z][A-Z0-9_]*$/.test(line));
}

test.each(Object.keys(enumLabels))("every value of the API's %s enum has a Chinese label", (name) => {
  const values = schemaValues(name);
  expect(values, `enum ${name} is not in the schema`).not.toBeNull();
  const labels = enumLabels[name as keyof typeof enumLabels] as Record<string, string>;
  // An unlabelled value would show its key (TRANSFERRED) in a list.
  expect((values ?? []).filter((value) => !labels[value])).toEqual([]);
});
