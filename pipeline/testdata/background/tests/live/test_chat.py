import requests


def test_chat():
    r = requests.post("http://localhost:8080/chat", json={"q": "hello"})
    assert r.status_code == 200
