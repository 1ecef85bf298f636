from openai import OpenAI


def test_reply():
    reply = OpenAI().chat.completions.create(model="gpt-4o-mini-2024-07-18", messages=[])
    assert reply
