import argparse
import sys

from sklearn.metrics import accuracy_score


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--min-accuracy", type=float, required=True)
    args = p.parse_args()
    y, y_pred = load()
    accuracy = accuracy_score(y, y_pred)
    if accuracy < args.min_accuracy:
        print("accuracy below threshold", accuracy)
        sys.exit(1)


if __name__ == "__main__":
    main()
