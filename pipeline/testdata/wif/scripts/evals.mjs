console.log("evals")
