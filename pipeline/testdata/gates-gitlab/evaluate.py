from sklearn.metrics import accuracy_score

def main(y, y_pred):
    print("accuracy", accuracy_score(y, y_pred))
