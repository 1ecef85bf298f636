from openai import OpenAI


def test_complete():
    assert OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
