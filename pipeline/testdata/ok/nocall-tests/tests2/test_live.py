import anthropic
import pytest


@pytest.mark.live
def test_reply():
    client = anthropic.Anthropic()
    assert client.messages.create(model="claude-haiku-4-5", max_tokens=8, messages=[{"role": "user", "content": "hi"}])
