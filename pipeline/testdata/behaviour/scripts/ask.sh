#!/bin/sh
claude -p "review the diff" --model claude-sonnet-4-5-20250929 --max-turns 3
