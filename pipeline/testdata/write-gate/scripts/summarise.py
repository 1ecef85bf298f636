import os
from openai import OpenAI

client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
print(client.responses.create(model="gpt-4o-2024-08-06", input="Summarise CHANGES.md").output_text)
