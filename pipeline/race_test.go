//go:build race

package pipeline

// raceEnabled is set under the race detector, which slows the analysis
// several times and changes what it allocates: the watchdog is scaled and
// allocation bounds are not checked.
const raceEnabled = true
