from openai import OpenAI

client = OpenAI()
print(client.chat.completions.create(model="gpt-4o-2024-08-06", messages=[{"role": "user", "content": "hello"}]))
