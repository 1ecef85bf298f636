package report

import "time"

// Trend compares this run with the earlier runs recorded in the scan history
// (`tollgate scan --history dir`).
type Trend struct {
	// Previous is the run compared against; nil on the first recorded run.
	Previous *TrendPoint `json:"previous,omitempty"`
	// New and Fixed count active findings, by fingerprint, that appeared
	// or disappeared since Previous.
	New   int `json:"new"`
	Fixed int `json:"fixed"`
	// Series holds the recorded runs, oldest first, this run last.
	Series []TrendPoint `json:"series"`
}

// TrendPoint is one recorded run.
type TrendPoint struct {
	At     time.Time `json:"at"`
	Commit string    `json:"commit,omitempty"`
	// Active counts active findings per severity name.
	Active map[string]int `json:"active"`
	Passed bool           `json:"passed"`
	// Risk is the change-risk score of the run, when it had one.
	Risk *int `json:"risk,omitempty"`
}
