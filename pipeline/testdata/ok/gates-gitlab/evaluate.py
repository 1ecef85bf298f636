import sys

from sklearn.metrics import f1_score

THRESHOLD = 0.8


def main(y, y_pred):
    f1 = f1_score(y, y_pred)
    if f1 < THRESHOLD:
        raise SystemExit(f"f1 {f1} below {THRESHOLD}")
