from mylib import dsl
from sklearn.pipeline import make_pipeline


@dsl.pipeline(name="train")
def pipeline(model="org/x"):
    pass


def build():
    return make_pipeline()
