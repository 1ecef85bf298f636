package changerisk

import (
	"math"
	"sort"
)

// HotSpot is a file that changed a lot lately and was often fixed.
type HotSpot struct {
	Path                  string
	Churn, Changes, Fixes int
}

// hotWindow is the "recent" of hot spots: the last 90 days before the tip.
const hotWindow = 90 * 24 * 3600

// HotSpots ranks the files that still exist at the tip by lines changed in
// the last 90 days of history times (1 + fix commits that ever touched
// them), and returns the first n.
func (a *Analysis) HotSpots(n int) []HotSpot {
	if len(a.History.Commits) == 0 {
		return nil
	}
	tip := a.History.Commits[len(a.History.Commits)-1]
	since := tip.CommitTime - hotWindow
	type acc struct{ churn, changes, fixes int }
	m := map[string]*acc{}
	for _, i := range a.Eligible {
		c := a.History.Commits[i]
		for k := range c.Files {
			fc := &c.Files[k]
			if fc.OldPath != "" {
				if old := m[fc.OldPath]; old != nil {
					m[fc.Path] = old
					delete(m, fc.OldPath)
				}
			}
			if fc.Status == 'D' {
				delete(m, fc.Path)
				continue
			}
			if !fc.Counted() {
				continue
			}
			x := m[fc.Path]
			if x == nil {
				x = &acc{}
				m[fc.Path] = x
			}
			if c.Fix {
				x.fixes++
			}
			if c.CommitTime >= since {
				x.churn += int(fc.Added + fc.Deleted)
				x.changes++
			}
		}
	}
	var out []HotSpot
	for p, x := range m {
		if x.churn > 0 {
			out = append(out, HotSpot{Path: p, Churn: x.churn, Changes: x.changes, Fixes: x.fixes})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		si, sj := out[i].Churn*(1+out[i].Fixes), out[j].Churn*(1+out[j].Fixes)
		if si != sj {
			return si > sj
		}
		return out[i].Path < out[j].Path
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// AIStats compares AI-authored commits with the rest: counts, mean scores
// (0–100) and SZZ bug-inducing rates (percent).
type AIStats struct {
	Commits, Others           int
	MeanScore, OtherMeanScore float64
	BugRate, OtherBugRate     float64
}

// AIStats returns the comparison, or nil when no commit is AI-authored.
func (a *Analysis) AIStats() *AIStats {
	var s AIStats
	var bugs, obugs int
	for _, i := range a.Eligible {
		p := 100 * a.prob[i]
		if a.Features[i].AIAuthored {
			s.Commits++
			s.MeanScore += p
			if a.Labels.Inducing[i] {
				bugs++
			}
		} else {
			s.Others++
			s.OtherMeanScore += p
			if a.Labels.Inducing[i] {
				obugs++
			}
		}
	}
	if s.Commits == 0 {
		return nil
	}
	s.MeanScore /= float64(s.Commits)
	s.BugRate = 100 * float64(bugs) / float64(s.Commits)
	if s.Others > 0 {
		s.OtherMeanScore /= float64(s.Others)
		s.OtherBugRate = 100 * float64(obugs) / float64(s.Others)
	}
	return &s
}

// Distribution counts eligible commits per score decile.
func (a *Analysis) Distribution() []int {
	d := make([]int, 10)
	for _, i := range a.Eligible {
		b := int(math.Round(100*a.prob[i])) / 10
		d[min(b, 9)]++
	}
	return d
}

// Score returns the 0–100 score of the commit at history index i, or -1
// when it is not scored (merges, shallow boundaries).
func (a *Analysis) Score(i int) int {
	if math.IsNaN(a.prob[i]) {
		return -1
	}
	return int(math.Round(100 * a.prob[i]))
}
