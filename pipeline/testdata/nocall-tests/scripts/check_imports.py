import importlib
import os
import sys


def main():
    failed = []
    for root, _, files in os.walk("src"):
        for f in files:
            if f.endswith(".py"):
                name = os.path.join(root, f)[:-3].replace(os.sep, ".")
                try:
                    importlib.import_module(name)
                except Exception as e:  # noqa: BLE001
                    failed.append((name, e))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
