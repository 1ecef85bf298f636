from openai import OpenAI


def test_chat():
    reply = OpenAI().chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "ping"}])
    assert reply.choices
