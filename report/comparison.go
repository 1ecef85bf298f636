package report

// Comparison is set in pull-request mode: how the head's findings compare
// with the base's, by fingerprint.
type Comparison struct {
	Base string `json:"base"`
	Head string `json:"head"`
	// New, Existing and Fixed count findings by fingerprint.
	New      int `json:"new"`
	Existing int `json:"existing"`
	Fixed    int `json:"fixed"`
	// NewFingerprints lists the fingerprints of the findings new in the head.
	NewFingerprints []string `json:"new_fingerprints,omitempty"`
}
