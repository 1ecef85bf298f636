def test_store():
    assert [1.0, 0.0] != [0.0, 1.0]
