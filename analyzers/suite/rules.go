package suite

// init lists the rule analyzers in the order they run; each is built on the
// suite's inventory.
func init() {}
