from huggingface_hub import InferenceClient

client = InferenceClient(model="meta-llama/Llama-3.1-8B-Instruct")
print(client.text_generation("Write a model card summary."))
