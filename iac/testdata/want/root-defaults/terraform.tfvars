team_tags = { cost-center = "CC-1" }
