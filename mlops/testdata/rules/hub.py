from transformers import AutoModel, AutoTokenizer, pipeline
from huggingface_hub import hf_hub_download, snapshot_download

model = AutoModel.from_pretrained("bert-base-uncased")  # want `from_pretrained\("bert-base-uncased"\) downloads a model without revision=`
tok = AutoTokenizer.from_pretrained(  # want `from_pretrained\("org/classifier"\)`
    "org/classifier",  # the model under test
    use_fast=True,
)
weights = hf_hub_download(repo_id="org/weights", filename="model.safetensors")  # want `hf_hub_download\("org/weights"\)`
snap = snapshot_download("org/snap", revision="main")  # want `revision="main", a branch that moves`
clf = pipeline("text-classification", model="org/sentiment")  # want `pipeline\("org/sentiment"\)`
