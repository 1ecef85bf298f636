import os
from huggingface_hub import InferenceClient

client = InferenceClient(token=os.environ["HF_TOKEN"])
print(client.text_generation("label this", model="meta-llama/Llama-3.1-8B-Instruct"))
