from openai import OpenAI


def test_agent():
    assert OpenAI().responses.create(model="gpt-4o-mini", input="Say ok").output_text
