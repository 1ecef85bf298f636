module "back" { # want "module \"back\" calls back to \"modules/c\", closing the cycle modules/c -> modules/c/d -> modules/c \\(which starts with module \"d\" at modules/c/main.tf:2\\)"
  source = "../"
}
