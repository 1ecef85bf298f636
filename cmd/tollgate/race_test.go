//go:build race

package main

// raceEnabled: the race detector's runtime needs more address space than
// the out-of-memory test child allows itself.
const raceEnabled = true
