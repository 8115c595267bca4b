#!/usr/bin/env bash
# The workbench's front end: `npm ci` when package-lock.json changed, and a
# build (codegen, vue-tsc, vite) when its sources or the GraphQL schema changed;
# both are skipped when nothing did. `infra/frontend.sh test` also runs Vitest.
set -euo pipefail
cd "$(dirname "$0")/../frontend"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm (Node 20.19 or newer) is needed to build the workbench" >&2
  exit 1
fi

lock_hash=$(sha256sum package-lock.json | cut -c1-16)
if [ ! -f "node_modules/.installed-$lock_hash" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  rm -f node_modules/.installed-*
  touch "node_modules/.installed-$lock_hash"
fi

# The stamp covers every input of the build, the printed schema included, so a
# schema change that breaks a page fails the next build.
source_hash=$(
  {
    find src graphiql public -type f ! -path 'src/gql/*' ! -name '*.test.ts'
    echo index.html portal.html graphiql.html vite.config.ts codegen.ts tsconfig.json package-lock.json \
      ../graphql_api/schema.graphql
  } | tr ' ' '\n' | sort | xargs sha256sum | sha256sum | cut -c1-16
)
if [ "$(cat dist/.source-hash 2>/dev/null || true)" != "$source_hash" ]; then
  npm run --silent build
  echo "$source_hash" >dist/.source-hash
fi

if [ "${1:-}" = "test" ]; then
  npm run --silent codegen >/dev/null
  npx vitest run
fi
