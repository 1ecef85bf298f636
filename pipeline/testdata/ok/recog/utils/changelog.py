"""Builds the changelog from git; mentions agents only in text."""
import shutil
import subprocess

AGENTS = {"claude": "Anthropic", "opencode": "SST"}

if shutil.which("git") is None:
    raise SystemExit("git not found")
log = subprocess.run(["git", "log", "--oneline"], capture_output=True, text=True).stdout
subprocess.run("ollama --version", shell=True, check=False)
subprocess.run(["gh", "release", "view"], check=False)
print("Thanks to claude users:", AGENTS["claude"], log)
