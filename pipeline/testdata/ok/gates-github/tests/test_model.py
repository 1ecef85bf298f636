from model import train, holdout


def test_model_beats_baseline():
    model = train()
    X, y = holdout()
    assert model.score(X, y) >= 0.85
