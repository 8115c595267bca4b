import { defineStore } from "pinia";
import { computed, ref } from "vue";

import { forgetCsrfToken, payloadErrors, request } from "@/api/client";
import {
  SessionLoginDocument,
  SessionLogoutDocument,
  SessionMeDocument,
  type SessionUserFragment,
} from "@/gql/graphql";

/** Who is signed in; the server decides, the page only remembers. */
export const useSessionStore = defineStore("session", () => {
  const user = ref<SessionUserFragment | null>(null);
  const loaded = ref(false);
  const expired = ref(false);

  const permissions = computed(() => new Set<string>(user.value?.permissions ?? []));

  async function load(): Promise<SessionUserFragment | null> {
    const data = await request(SessionMeDocument);
    user.value = data.me ?? null;
    loaded.value = true;
    return user.value;
  }

  /** Signs in; answers the server's Chinese message on failure. */
  async function login(username: string, password: string): Promise<string | null> {
    const data = await request(SessionLoginDocument, { username, password });
    const result = data.login;
    const [error] = payloadErrors(result?.errors ?? []);
    if (error) return error.message;
    forgetCsrfToken();
    user.value = result?.user ?? null;
    expired.value = false;
    loaded.value = true;
    return null;
  }

  async function logout(): Promise<void> {
    await request(SessionLogoutDocument);
    forgetCsrfToken();
    user.value = null;
  }

  function markExpired(): void {
    forgetCsrfToken();
    user.value = null;
    expired.value = true;
  }

  function can(permission: string): boolean {
    return permissions.value.has(permission);
  }

  return { user, loaded, expired, permissions, load, login, logout, markExpired, can };
});
