//go:build race

package main

// raceEnabled: the race detector's runtime needs more address space than
// the out-of-memory test child allows itself.
const raceEnabled = true

// raceFactor widens memory bounds of child processes under the race
// detector, which costs several times the memory of a normal build.
const raceFactor = 8
