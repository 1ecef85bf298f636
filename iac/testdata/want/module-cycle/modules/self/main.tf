# A module that calls its own directory.
module "again" { # want "module \"again\" calls its own directory \"modules/self\""
  source = "./"
}

module "up" { # want "module \"up\" calls its own directory \"modules/self\""
  source = "../self"
}
