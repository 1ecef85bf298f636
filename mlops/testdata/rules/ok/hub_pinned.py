import os
from transformers import AutoModel, pipeline
from huggingface_hub import hf_hub_download

REV = "3f2a9c1d4b5e6f708192a3b4c5d6e7f8091a2b3c"
a = AutoModel.from_pretrained("org/model", revision="3f2a9c1d4b5e6f708192a3b4c5d6e7f8091a2b3c")
b = AutoModel.from_pretrained("org/model", revision=REV)
c = AutoModel.from_pretrained("./checkpoints/best")
d = AutoModel.from_pretrained("/opt/models/bert")
e = AutoModel.from_pretrained(os.environ["MODEL_DIR"])
f = hf_hub_download(repo_id="org/weights", filename="w.bin", revision="v1.2.0")
g = pipeline("text-classification", model="org/sentiment", revision="v2")
# h = AutoModel.from_pretrained("org/commented-out")
s = "AutoModel.from_pretrained is documented here"
