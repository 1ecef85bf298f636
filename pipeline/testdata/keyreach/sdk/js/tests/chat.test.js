import OpenAI from "openai";

test("chat", async () => {
  const reply = await new OpenAI().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "ping" }] });
  expect(reply.choices.length).toBeGreaterThan(0);
});
