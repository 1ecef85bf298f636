import json
import urllib.request

print(json.dumps({"ok": True}))
