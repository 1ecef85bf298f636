import { expect, test } from "bun:test";
import { runReview } from "../../src/review";

test("reviews a diff", async () => {
  const out = await runReview(["--modelString=openai:gpt-4.1-mini"]);
  expect(out).toContain("LGTM");
});
