import { expect, test } from "bun:test";

test("parses", () => {
  expect(1 + 1).toBe(2);
});
