from transformers import AutoModel

def test_load():
    AutoModel.from_pretrained("bert-base-uncased")
