def test_reply():
    assert True
