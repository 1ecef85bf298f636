from huggingface_hub import snapshot_download

snapshot_download("bert-base-uncased")
