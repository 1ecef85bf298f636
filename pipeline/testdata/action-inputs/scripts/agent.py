import os
import sys
print(os.environ.get("TASK", ""), sys.argv[1:])
