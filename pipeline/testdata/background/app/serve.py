import os

def main():
    print("serving with", bool(os.environ.get("OPENAI_API_KEY")))

main()
