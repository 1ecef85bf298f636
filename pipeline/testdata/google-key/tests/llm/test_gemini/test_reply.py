def test_reply(client):
    assert client.models.generate_content(model="gemini-2.0-flash", contents="hi").text
