import { defineStore } from "pinia";
import { ref } from "vue";

import { request } from "@/api/client";
import { InboxMarkReadDocument, InboxUnreadCountDocument } from "@/gql/graphql";

/** The unread count (站内通知) shown in the shell, refreshed after reading. */
export const useInboxStore = defineStore("inbox", () => {
  const unread = ref(0);

  async function refresh(): Promise<void> {
    const data = await request(InboxUnreadCountDocument);
    unread.value = data.notifications.totalCount;
  }

  async function markRead(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await request(InboxMarkReadDocument, { ids });
    await refresh();
  }

  return { unread, refresh, markRead };
});
