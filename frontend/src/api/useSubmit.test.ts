import { expect, test } from "vitest";

import { ApiError } from "@/api/client";
import { messages } from "@/locales/zh-CN";

import { useSubmit } from "./useSubmit";

function recorder() {
  const seen: string[] = [];
  return {
    seen,
    outcome: {
      done: () => seen.push("done"),
      refused: (errors: readonly { message: string }[]) => seen.push(`refused:${errors.map((e) => e.message).join(",")}`),
      failed: (message: string) => seen.push(`failed:${message}`),
    },
  };
}

test("saving holds while the call runs and a clean answer is done", async () => {
  const { saving, submit } = useSubmit();
  const { seen, outcome } = recorder();
  let during = false;

  await submit(async () => {
    during = saving.value;
    return [];
  }, outcome);

  expect(during).toBe(true);
  expect(saving.value).toBe(false);
  expect(seen).toEqual(["done"]);
});

test("errors as data are refused, not done", async () => {
  const { saving, submit } = useSubmit();
  const { seen, outcome } = recorder();

  await submit(async () => [{ message: "退回重办须说明理由" }], outcome);

  expect(seen).toEqual(["refused:退回重办须说明理由"]);
  expect(saving.value).toBe(false);
});

test("a failed request says the server's message, or the common one", async () => {
  const { saving, submit } = useSubmit();
  const { seen, outcome } = recorder();

  await submit(async () => {
    throw new ApiError("请先登录", "UNAUTHENTICATED");
  }, outcome);
  await submit(async () => {
    throw new TypeError("Failed to fetch");
  }, outcome);

  expect(seen).toEqual(["failed:请先登录", `failed:${messages.common.serverError}`]);
  expect(saving.value).toBe(false);
});
