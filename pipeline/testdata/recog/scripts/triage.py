import os
import sys

import requests

url = os.environ["MODEL_URL"]
body = {"messages": [{"role": "user", "content": sys.stdin.read()}]}
r = requests.post(url, json=body, headers={"Authorization": "Bearer " + os.environ["GITHUB_TOKEN"]})
print(r.json())
