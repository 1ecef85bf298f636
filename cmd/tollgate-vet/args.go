package main

import "os"

// osArgs is a seam for tests.
var osArgs = func() []string { return os.Args[1:] }
