#!/bin/sh
set -e
llm plugins --all
llm install -e .
llm plugins
PLUGINS=$(llm plugins)
echo "$PLUGINS" | jq 'any(.[]; .name == "llm-mistral")'
LOADED=$(LLM_LOAD_PLUGINS=llm-cluster llm plugins)
echo "$LOADED"
