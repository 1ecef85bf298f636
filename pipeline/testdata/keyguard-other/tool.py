import argparse
import os

parser = argparse.ArgumentParser()
parser.add_argument("--backend", default="openai")
args = parser.parse_args()
print(args.backend, bool(os.environ.get("OPENAI_API_KEY")))
