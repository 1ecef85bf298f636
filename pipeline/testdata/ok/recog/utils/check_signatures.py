"""Check that every client method has a docstring."""
import inspect

from huggingface_hub import InferenceClient
from openai import OpenAI

missing = [n for n, m in inspect.getmembers(InferenceClient, predicate=inspect.isfunction) if not m.__doc__]


def describe(client: OpenAI) -> str:
    return type(client).__name__


if missing:
    raise SystemExit(f"undocumented: {missing}")
