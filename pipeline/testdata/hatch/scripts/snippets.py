import os
import urllib.request

print(os.environ.get("OPENAI_API_KEY") is not None)
