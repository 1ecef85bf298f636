package report

// Risk is the change-risk section: the score of the change under review and,
// for nightly scans, the hot spots of the history.
type Risk struct {
	// Subject is what was scored: a commit hash or a "base..head" range.
	Subject string `json:"subject"`
	// Score is 0–100: the modelled chance, in percent, that the change is
	// later found to have introduced a bug.
	Score int `json:"score"`
	// Level is low, medium or high, by Bands; "none" when Unscored.
	Level string `json:"level"`
	// Unscored says why the change has no score ("no commits in range");
	// Score is then 0 and means nothing.
	Unscored string `json:"unscored,omitempty"`
	// Bands are the score thresholds of the levels.
	Bands RiskBands `json:"bands"`
	// Percentile is the share of the repository's commits that score lower.
	Percentile float64      `json:"percentile"`
	Drivers    []RiskDriver `json:"drivers,omitempty"`
	// SizeRate is the historical bug rate of changes of this size, in words.
	SizeRate string `json:"size_rate,omitempty"`
	// Summary and Author describe the subject; Commits counts its commits.
	Summary string `json:"summary,omitempty"`
	Author  string `json:"author,omitempty"`
	Commits int    `json:"commits,omitempty"`
	// Authors counts the change's commits per author, most first.
	Authors []RiskAuthor `json:"authors,omitempty"`
	// AIAuthored is set when the change was written with an AI assistant.
	AIAuthored bool `json:"ai_authored,omitempty"`
	// Model says which coefficients scored the change and why.
	Model string `json:"model"`
	// Validation is the check of the model on this repository's own
	// history that chose it; nil when the history was too short to check.
	Validation *RiskValidation `json:"validation,omitempty"`
	// History summarizes what the score was calibrated on.
	History RiskHistory `json:"history"`
	// HotSpots are files ranked by recent churn × earlier fixes.
	HotSpots []RiskHotSpot `json:"hot_spots,omitempty"`
	// AI compares changes written with AI assistants with the rest.
	AI *RiskAI `json:"ai,omitempty"`
	// Distribution counts the repository's commits per score decile
	// (0–9, 10–19, …, 90–100), for a chart.
	Distribution []int `json:"distribution,omitempty"`
	// Notes are caveats: a shallow history, unreadable objects.
	Notes []string `json:"notes,omitempty"`
}

// RiskDriver is one factor of a risk score and its contribution in points.
type RiskDriver struct {
	// Factor is the model's identifier of the factor; Name the same in
	// plain words, as outputs show it.
	Factor       string  `json:"factor"`
	Name         string  `json:"name"`
	Description  string  `json:"description"`
	Contribution float64 `json:"contribution"`
}

// RiskHistory describes the history behind a score.
type RiskHistory struct {
	// Commits is the number of commits walked; Scored those the model
	// learns from and ranks against (not merges).
	Commits int `json:"commits"`
	Scored  int `json:"scored"`
	// BugInducing counts commits SZZ traced a later fix to; Fixes the fix
	// commits it traced.
	BugInducing int `json:"bug_inducing"`
	Fixes       int `json:"fixes"`
	// Shallow is set when the history is cut (a shallow clone);
	// MissingObjects counts objects a partial clone lacks.
	Shallow        bool `json:"shallow,omitempty"`
	MissingObjects int  `json:"missing_objects,omitempty"`
}

// RiskHotSpot is a file that changed a lot lately and was often fixed.
type RiskHotSpot struct {
	Path string `json:"path"`
	// Churn is lines added and deleted in the last 90 days of history.
	Churn int `json:"churn"`
	// Changes counts commits touching it in the same window.
	Changes int `json:"changes"`
	// Fixes counts fix commits that ever touched it.
	Fixes int `json:"fixes"`
}

// RiskAI compares AI-authored changes with the others.
type RiskAI struct {
	// Commits is the number of AI-authored commits; Share their part of
	// all scored commits, in percent.
	Commits int     `json:"commits"`
	Share   float64 `json:"share"`
	// MeanScore and OtherMeanScore compare the average scores.
	MeanScore      float64 `json:"mean_score"`
	OtherMeanScore float64 `json:"other_mean_score"`
	// BugRate and OtherBugRate compare the SZZ bug-inducing rates, in percent.
	BugRate      float64 `json:"bug_rate"`
	OtherBugRate float64 `json:"other_bug_rate"`
}

// RiskAuthor is how many of the change's commits one author wrote.
type RiskAuthor struct {
	Name    string `json:"name"`
	Commits int    `json:"commits"`
}

// RiskBands are the level thresholds: "high" from High on, "medium" from
// Medium on, "low" below. FromHistory is set when they come from the
// repository's own score distribution (60th and 90th percentiles, floored
// at 10 and 25) rather than the fixed 25 and 50.
type RiskBands struct {
	Medium      int  `json:"medium"`
	High        int  `json:"high"`
	FromHistory bool `json:"from_history"`
}

// RiskValidation is the time-ordered check of the scoring model on the
// repository's history: fitted on the earliest 70% of commits, ranking the
// latest 30% (Tested, TestedBugInducing of them bug-inducing). AUCs not
// computed (a refit not allowed) are 0 and left out.
type RiskValidation struct {
	// Chosen is "shipped", "refit" or "lines added": the model that scores.
	Chosen string `json:"chosen"`
	// AUC is the chosen model's, with its 95% bootstrap interval.
	AUC     float64 `json:"auc"`
	AUCLow  float64 `json:"auc_low"`
	AUCHigh float64 `json:"auc_high"`
	// ShippedAUC, RefitAUC and SizeAUC are the candidates', size being
	// lines added alone.
	ShippedAUC float64 `json:"shipped_auc,omitempty"`
	RefitAUC   float64 `json:"refit_auc,omitempty"`
	SizeAUC    float64 `json:"size_auc,omitempty"`
	// BugInducing counts the SZZ-labelled commits of the whole history.
	BugInducing       int `json:"bug_inducing"`
	Tested            int `json:"tested"`
	TestedBugInducing int `json:"tested_bug_inducing"`
}
