# tollgate's policy for its own repository.
gate {
  fail_on = "low"
}

# Test fixtures are broken and hostile on purpose.
exclude = ["**/testdata/**"]
