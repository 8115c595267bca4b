/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";

import vue from "@vitejs/plugin-vue";
import Components from "unplugin-vue-components/vite";
import { ElementPlusResolver } from "unplugin-vue-components/resolvers";
import { defineConfig } from "vite";

// Django serves the built workbench: index.html at / and the hashed assets
// under /workbench/ (frontend/workbench.py), outside STATIC_URL so that
// runserver's static handler never answers for them.
export default defineConfig({
  base: "/workbench/",
  plugins: [
    vue(),
    // Element Plus on demand: each component and its CSS only where used.
    Components({
      dts: false,
      resolvers: [ElementPlusResolver({ importStyle: "css" })],
    }),
  ],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    chunkSizeWarningLimit: 800,
    // Three pages: the workbench (index.html), the public portal (portal.html),
    // which loads only its own small entry, and GraphiQL (served by Django at
    // /graphql/ in demo mode).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL("./index.html", import.meta.url)),
        portal: fileURLToPath(new URL("./portal.html", import.meta.url)),
        graphiql: fileURLToPath(new URL("./graphiql.html", import.meta.url)),
      },
      // GraphiQL's React libraries mark modules "use client", meaningless here.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      "/graphql/": "http://127.0.0.1:8000",
      "/csrf/": "http://127.0.0.1:8000",
      "/petitions/": {
        target: "http://127.0.0.1:8000",
        // Only the server's own pages (notices, attachments) go to Django.
        bypass: (request) =>
          /\/(notices|attachments)\//.test(request.url ?? "")
            ? undefined
            : "/index.html",
      },
      "/reports/": "http://127.0.0.1:8000",
      "/audit-entries/": "http://127.0.0.1:8000",
    },
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
