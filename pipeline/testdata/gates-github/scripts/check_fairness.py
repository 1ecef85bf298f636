from fairlearn.metrics import demographic_parity_difference

def main(y, y_pred, groups):
    gap = demographic_parity_difference(y, y_pred, sensitive_features=groups)
    print("parity gap", gap)
