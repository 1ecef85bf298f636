import sys
print("notes", file=sys.stdout)
