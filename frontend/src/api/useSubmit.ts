// The submit tail every dialog shares: `saving` while the mutation runs, its
// errors-as-data to `refused`, success to `done`, and a failed request (the
// network, the server) turned into a message for people.
import { ref } from "vue";

import { ApiError } from "@/api/client";
import { messages } from "@/locales/zh-CN";

export interface SubmitOutcome<E> {
  done: () => void;
  refused: (errors: readonly E[]) => void;
  failed: (message: string) => void;
}

export function useSubmit() {
  const saving = ref(false);

  async function submit<E>(call: () => Promise<readonly E[]>, outcome: SubmitOutcome<E>): Promise<void> {
    saving.value = true;
    try {
      const errors = await call();
      if (errors.length === 0) outcome.done();
      else outcome.refused(errors);
    } catch (failure) {
      outcome.failed(failure instanceof ApiError ? failure.message : messages.common.serverError);
    } finally {
      saving.value = false;
    }
  }

  return { saving, submit };
}
