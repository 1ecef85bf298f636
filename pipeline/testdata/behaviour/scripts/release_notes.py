"""Drafts release notes with an agent CLI."""
import os
import shutil
import subprocess
import sys


def draft(version: str) -> int:
    agent = shutil.which("opencode")
    if not agent:
        print("opencode not found", file=sys.stderr)
        return 1
    cmd = [agent]
    model = os.environ.get("NOTES_MODEL")
    if model:
        cmd.extend(["--model", model])
    cmd.extend(["run", f"Write release notes for {version}"])
    return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    sys.exit(draft(sys.argv[1]))
