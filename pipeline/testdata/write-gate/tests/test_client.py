def test_client(): pass
