package report

// Risk is the change-risk section: the score of the change under review and,
// for nightly scans, the hot spots of the history.
type Risk struct {
	// Subject is what was scored: a commit hash or a "base..head" range.
	Subject string       `json:"subject"`
	Score   int          `json:"score"`
	Level   string       `json:"level"`
	Drivers []RiskDriver `json:"drivers,omitempty"`
}

// RiskDriver is one factor of a risk score and its contribution in points.
type RiskDriver struct {
	Factor       string  `json:"factor"`
	Description  string  `json:"description"`
	Contribution float64 `json:"contribution"`
}
