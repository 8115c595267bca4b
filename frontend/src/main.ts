import "element-plus/theme-chalk/base.css";
import "./shell/global.css";

import { createPinia } from "pinia";
import { createApp } from "vue";

import { onSessionExpired } from "./api/client";
import App from "./App.vue";
import { router } from "./shell/router";
import { useSessionStore } from "./shell/sessionStore";

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(router);

// An expired session sends the user to sign in and back to the same page; the
// forms keep their drafts in localStorage (shell/drafts.ts).
onSessionExpired(() => {
  const session = useSessionStore(pinia);
  if (router.currentRoute.value.name === "login") return;
  session.markExpired();
  void router.push({
    name: "login",
    query: { next: router.currentRoute.value.fullPath, expired: "1" },
  });
});

app.mount("#app");
