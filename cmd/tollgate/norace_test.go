//go:build !race

package main

const raceEnabled = false

// raceFactor widens memory bounds of child processes under the race
// detector; without it they are exact.
const raceFactor = 1
