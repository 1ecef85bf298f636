def test_agent():
    pass
