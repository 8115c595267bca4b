// GraphiQL for the API, built from npm with the workbench (no CDN: intranets
// have no internet). Plain createElement keeps React out of the Vue build's
// JSX settings; Django serves the built page at /graphql/ in demo mode.
import { GraphiQL } from "graphiql";
import "graphiql/graphiql.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";

import "./graphiql.css";

type Params = { query: string; variables?: unknown; operationName?: string | null };

// Session requests need the CSRF token; /csrf/ sets the cookie and returns it.
const csrfToken: Promise<string> = fetch("/csrf/", { credentials: "same-origin" })
  .then((response) => response.json())
  .then((body: { csrfToken: string }) => body.csrfToken);

async function fetcher(params: Params): Promise<unknown> {
  const response = await fetch("/graphql/", {
    method: "POST",
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json",
      "X-CSRFToken": await csrfToken,
    },
    body: JSON.stringify(params),
  });
  return response.json();
}

const DEFAULT_QUERY = `# 组工信访 GraphQL 接口（演示环境）
# 先在工作台登录；按 Ctrl-Enter 执行查询。
{
  enumLabels {
    name
    values {
      value
      label
    }
  }
}
`;

const root = document.getElementById("graphiql");
if (root) {
  root.textContent = "";
  createRoot(root).render(
    createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY }),
  );
}
