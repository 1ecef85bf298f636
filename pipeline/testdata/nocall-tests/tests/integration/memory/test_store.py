from vectors.store import InMemoryStore


def test_upsert_and_search():
    store = InMemoryStore(dimensions=3)
    store.upsert("a", [0.1, 0.2, 0.3])
    assert store.search([0.1, 0.2, 0.3], top=1)[0].key == "a"
