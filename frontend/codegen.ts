// Types for every GraphQL operation come from the printed schema: a schema
// change that breaks a page's .graphql document or its use fails this step
// (and so `npm run build` and `make test`).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../graphql_api/schema.graphql",
  documents: ["src/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // Operations as typed strings: the page ships no GraphQL parser.
        documentMode: "string",
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { UUID: "string", Date: "string", DateTime: "string", Upload: "File" },
      },
    },
  },
};

export default config;
