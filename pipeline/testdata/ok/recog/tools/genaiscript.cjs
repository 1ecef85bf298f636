// stand-in for a built CLI bundle
