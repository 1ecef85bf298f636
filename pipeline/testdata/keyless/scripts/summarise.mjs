import Anthropic from "@anthropic-ai/sdk";

const client = new Anthropic();
const msg = await client.messages.create({
  model: "claude-sonnet-4-5-20250929",
  max_tokens: 512,
  messages: [{ role: "user", content: "Summarise the nightly build log." }],
});
console.log(msg.content[0].text);
