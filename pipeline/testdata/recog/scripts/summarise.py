import sys

from openai import OpenAI

client = OpenAI()
reply = client.responses.create(model="gpt-4.1-mini-2025-04-14", input=sys.stdin.read())
print(reply.output_text)
