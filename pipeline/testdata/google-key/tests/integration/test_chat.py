from langchain_google_genai import ChatGoogleGenerativeAI


def test_chat():
    assert ChatGoogleGenerativeAI(model="gemini-2.0-flash").invoke("hi")
