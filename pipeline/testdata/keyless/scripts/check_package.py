# Imports the packaged client and builds one with a placeholder key: no request is sent.
import openai

client = openai.OpenAI(api_key="placeholder")
assert client.chat is not None
print("package imports")
