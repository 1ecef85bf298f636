import os

from openai import OpenAI

client = OpenAI()
answer = client.responses.create(model="gpt-4.1-mini-2025-04-14", input=open("question.md").read())
open("answer.md", "w").write(answer.output_text)
