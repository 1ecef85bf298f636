import json

from agent_harness import run_tasks

print(json.dumps(run_tasks("tasks/")))
