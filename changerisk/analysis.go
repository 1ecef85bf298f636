package changerisk

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// Options configures Analyze. The zero value scores HEAD with the shipped
// model, refitted on the repository's own labels when it has enough.
type Options struct {
	Walk WalkOptions
	// MinRefitBugs is how many SZZ-labelled bug-inducing commits the
	// validation on this history, and a refit, need; 0 means
	// DefaultMinRefitBugs.
	MinRefitBugs int
	// NoRefit forbids a refit. The validation still runs: where the shipped
	// coefficients rank this history no better than lines added alone, the
	// score is lines added.
	NoRefit bool
}

// Analysis is a repository's history with the features, labels and model
// needed to score any change in it.
type Analysis struct {
	repo    *Repo
	History *History
	// Features holds each commit's features, from strictly earlier history.
	Features []Features
	// Eligible lists the indexes of commits that are scored and learned
	// from: diffed, not merges, not cut by a shallow boundary.
	Eligible []int
	Labels   *Labels
	Scaler   Scaler
	Model    *Model
	// ModelNote says which model is used and why.
	ModelNote string
	// Validation is the check of the model on this history that chose it.
	Validation Validation
	minRefit   int
	noRefit    bool
	// Timings records how long each phase took, for --verbose.
	Timings  []Timing
	prob     []float64 // per commit index; NaN for ineligible commits
	sorted   []float64 // probabilities of eligible commits, sorted
	walkOpts WalkOptions
}

// Analyze walks the history of the repository at root and prepares scoring.
func Analyze(ctx context.Context, root string, opts Options) (*Analysis, error) {
	r, err := Open(root)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	h, err := r.Walk(ctx, opts.Walk)
	if err != nil {
		return nil, err
	}
	var timings []Timing
	lap := func(name string) {
		now := time.Now()
		timings = append(timings, Timing{name, now.Sub(start)})
		start = now
	}
	lap("walk")
	a := &Analysis{repo: r, History: h, walkOpts: opts.Walk, minRefit: opts.MinRefitBugs, noRefit: opts.NoRefit}
	if a.minRefit <= 0 {
		a.minRefit = DefaultMinRefitBugs
	}
	a.Features = make([]Features, len(h.Commits))
	fp := newFeaturePass()
	for i, c := range h.Commits {
		if c.Merge() && !opts.Walk.FirstParent {
			a.Features[i] = fp.features(c, c.Files)
			continue // its changes were counted on the side branch
		}
		a.Features[i] = fp.features(c, c.Files)
		fp.add(c)
		if c.Diffed && !c.Boundary && (!c.Merge() || opts.Walk.FirstParent) {
			a.Eligible = append(a.Eligible, i)
		}
	}
	lap("features")
	a.Labels = SZZ(h)
	lap("szz")
	xs := make([][]float64, len(a.Eligible))
	for k, i := range a.Eligible {
		xs[k] = a.Features[i].vector()
	}
	a.Scaler = newScaler(xs)
	y := make([]bool, len(a.Eligible))
	for k, i := range a.Eligible {
		y[k] = a.Labels.Inducing[i]
	}
	a.Validation = validate(xs, y, a.minRefit, opts.NoRefit)
	a.ModelNote = a.Validation.note(a.minRefit)
	switch a.Validation.Chosen {
	case ModelRefit:
		m := fitLogistic(scaleAll(a.Scaler, xs), y, refitLambda, learnMask(),
			fmt.Sprintf("refit on %d commits, %d bug-inducing", len(xs), a.Validation.BugInducing))
		a.Model = withPriors(m, a.Scaler)
	case ModelSize:
		a.Model = fitLogistic(scaleAll(a.Scaler, xs), y, 0, sizeMask(), "lines added")
	default:
		a.Model = withPriors(DefaultModel(), a.Scaler)
	}
	lap("model")
	a.Timings = timings
	a.prob = make([]float64, len(h.Commits))
	for i := range a.prob {
		a.prob[i] = math.NaN()
	}
	for k, i := range a.Eligible {
		p := a.Model.Prob(a.Scaler.apply(xs[k]))
		a.prob[i] = p
		a.sorted = append(a.sorted, p)
	}
	slices.Sort(a.sorted)
	return a, nil
}

// DefaultMinRefitBugs is how many labelled bug-inducing commits the
// validation on the repository's own history, and a refit, need by
// default. Fewer than the literature's usual 150: the time-ordered
// validation keeps the shipped model whenever the refit does not beat it,
// and on the evaluated repositories refits from about 80 labels on ranked
// better than the shipped coefficients.
const DefaultMinRefitBugs = 80

// refitLambda is the L2 penalty of refits: strong enough that features
// other than size move only when the data insist.
const refitLambda = 20

func scaleAll(s Scaler, xs [][]float64) [][]float64 {
	out := make([][]float64, len(xs))
	for i, x := range xs {
		out[i] = s.apply(x)
	}
	return out
}

func probs(m *Model, zs [][]float64) []float64 {
	out := make([]float64, len(zs))
	for i, z := range zs {
		out[i] = m.Prob(z)
	}
	return out
}

// Timing is how long one phase of Analyze took.
type Timing struct {
	Phase    string
	Duration time.Duration
}

// Driver is one factor's part in a score.
type Driver struct {
	Factor string
	// Description says in plain words what the change does on this factor.
	Description string
	// Points is the factor's share of the score, in score points.
	Points float64
}

// Assessment is the scored risk of one change.
type Assessment struct {
	// Subject is a commit hash or "base..head".
	Subject string
	// Score is 0–100: the modelled chance, in percent, that the change is
	// later found to have introduced a bug.
	Score int
	// Level is low, medium or high, by Bands.
	Level string
	// Bands are the thresholds Level was read from.
	Bands Bands
	// Percentile is the share of the repository's commits scoring lower.
	Percentile float64
	Features   Features
	Drivers    []Driver
	// SizeRate describes the historical bug rate of changes of this size.
	SizeRate string
	// Commits is the number of commits in the subject (1 for a commit).
	Commits int
	// Author and Summary describe the subject. Author is empty when a
	// range has several authors; Authors then counts their commits.
	Author, Summary string
	// Authors counts the subject's commits per author, most first.
	Authors []AuthorCount
	// Unscored says why the subject has no score ("no commits in range");
	// Score, Level, Percentile and Drivers are then zero.
	Unscored string
}

// AuthorCount is how many of a range's commits one author wrote.
type AuthorCount struct {
	Name    string
	Commits int
}

// countAuthors counts commits per author, most first, then by name.
func countAuthors(cs []*Commit) []AuthorCount {
	m := map[string]int{}
	for _, c := range cs {
		m[c.Author]++
	}
	out := make([]AuthorCount, 0, len(m))
	for n, k := range m {
		out = append(out, AuthorCount{n, k})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Commits != out[j].Commits {
			return out[i].Commits > out[j].Commits
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Assess scores a commit (rev) or, when rev has the form "base..head", the
// squashed change of that range.
func (a *Analysis) Assess(rev string) (*Assessment, error) {
	if base, head, ok := strings.Cut(rev, ".."); ok {
		return a.assessRange(base, head)
	}
	hash, err := a.repo.Resolve(rev)
	if err != nil {
		return nil, err
	}
	i := a.History.Index(hash)
	if i < 0 {
		return nil, fmt.Errorf("commit %s is not in the walked history", hash)
	}
	c := a.History.Commits[i]
	if !c.Diffed {
		return nil, fmt.Errorf("commit %s was not diffed (a merge below the tip)", hash)
	}
	as := a.assess(a.Features[i])
	as.Subject = hash.String()
	as.Commits = 1
	as.Author = c.Author
	as.Authors = []AuthorCount{{c.Author, 1}}
	as.Summary = subject(c.Message)
	return as, nil
}

// AssessIndex scores the commit at index i of the history.
func (a *Analysis) AssessIndex(i int) *Assessment {
	c := a.History.Commits[i]
	as := a.assess(a.Features[i])
	as.Subject = c.Hash.String()
	as.Commits = 1
	as.Author = c.Author
	as.Summary = subject(c.Message)
	return as
}

func (a *Analysis) assessRange(baseRev, headRev string) (*Assessment, error) {
	if baseRev == "" || headRev == "" {
		return nil, fmt.Errorf("range %q: want base..head", baseRev+".."+headRev)
	}
	base, err := a.repo.Resolve(baseRev)
	if err != nil {
		return nil, err
	}
	head, err := a.repo.Resolve(headRev)
	if err != nil {
		return nil, err
	}
	maxBlob := a.walkOpts.maxBlob()
	st := a.repo.newStorage(maxBlob)
	defer st.Close()
	hc, err := object.GetCommit(st, head)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", headRev, err)
	}
	bc, err := object.GetCommit(st, base)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", baseRev, err)
	}
	// The change under review is what head adds to its merge base with base.
	from := bc
	if mb, err := bc.MergeBase(hc); err == nil && len(mb) > 0 {
		from = mb[0]
	}
	inBase := a.ancestors(from.Hash)
	var inRange []*Commit
	for _, c := range a.History.Commits {
		if !inBase[c.Hash] && a.reachableFromHead(c.Hash) {
			inRange = append(inRange, c)
		}
	}
	subjectName := base.String()[:12] + ".." + head.String()[:12]
	if len(inRange) == 0 {
		return &Assessment{Subject: subjectName, Unscored: "no commits in range", Bands: a.Bands()}, nil
	}
	syn := fromObject(hc)
	syn.Parents = []plumbing.Hash{from.Hash}
	var msgs []string
	syn.Fix = false
	for _, c := range inRange {
		msgs = append(msgs, c.Message)
		if c.Fix {
			syn.Fix = true
		}
	}
	if len(msgs) > 0 {
		syn.Message = strings.Join(msgs, "\n\n")
	}
	d := a.repo.newDiffer(a.walkOpts, a.repo.newPackSet(maxBlob))
	defer d.s.Close()
	if err := d.diff(syn, from.TreeHash); err != nil {
		return nil, err
	}
	// History state as of the base: every walked commit outside the range.
	fp := newFeaturePass()
	for _, c := range a.History.Commits {
		if inBase[c.Hash] && (!c.Merge() || a.walkOpts.FirstParent) {
			fp.add(c)
		}
	}
	f := fp.features(syn, syn.Files)
	if ai, ev := anyAIAuthored(inRange); ai {
		f.AIAuthored, f.AIEvidence = true, ev
	}
	as := a.assess(f)
	as.Subject = subjectName
	as.Commits = len(inRange)
	as.Authors = countAuthors(inRange)
	if len(as.Authors) == 1 {
		as.Author = as.Authors[0].Name
	}
	as.Summary = subject(hc.Message)
	return as, nil
}

func anyAIAuthored(cs []*Commit) (bool, string) {
	for _, c := range cs {
		if ok, ev := AIAuthored(c.Author, c.Email, c.Message); ok {
			return true, ev
		}
	}
	return false, ""
}

// ancestors returns the commits of the walked history reachable from h.
func (a *Analysis) ancestors(h plumbing.Hash) map[plumbing.Hash]bool {
	seen := map[plumbing.Hash]bool{}
	stack := []plumbing.Hash{h}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		if i := a.History.Index(x); i >= 0 {
			stack = append(stack, a.History.Commits[i].Parents...)
		}
	}
	return seen
}

func (a *Analysis) reachableFromHead(h plumbing.Hash) bool { return a.History.Index(h) >= 0 }

func (a *Analysis) assess(f Features) *Assessment {
	z := a.Scaler.apply(f.vector())
	p := a.Model.Prob(z)
	as := &Assessment{Features: f, Score: int(math.Round(100 * p))}
	as.Percentile = 100 * float64(sort.SearchFloat64s(a.sorted, p)) / math.Max(float64(len(a.sorted)), 1)
	as.Bands = a.Bands()
	as.Level = as.Bands.Level(as.Score)
	as.Drivers = a.drivers(f, z, p)
	as.SizeRate = a.sizeRate(f)
	return as
}

// Bands are the score thresholds of the levels. A score is "high" from
// High on, "medium" from Medium on, "low" below.
//
// With at least minBandCommits scored commits the thresholds come from the
// repository's own distribution: Medium is the score of its 60th
// percentile and High of its 90th, so "high" means among the riskiest tenth
// of this repository's changes. Since the score is a modelled chance in
// percent, a level never claims more than the chance supports: Medium is at
// least 10 and High at least 25, so a 6/100 change is always "low". With
// fewer commits the thresholds are the floors of 25 and 50.
type Bands struct {
	Medium, High int
	// FromHistory is set when the thresholds come from the repository's
	// own score distribution.
	FromHistory bool
}

// Band floors and the history needed for bands of its own.
const (
	minMediumBand  = 10
	minHighBand    = 25
	minBandCommits = 20
)

// Level names the band a score falls in.
func (b Bands) Level(score int) string {
	switch {
	case score >= b.High:
		return "high"
	case score >= b.Medium:
		return "medium"
	}
	return "low"
}

// Bands returns the level thresholds of this repository.
func (a *Analysis) Bands() Bands {
	if len(a.sorted) < minBandCommits {
		return Bands{Medium: 25, High: 50}
	}
	at := func(q float64) int {
		return int(math.Round(100 * a.sorted[min(len(a.sorted)-1, int(q*float64(len(a.sorted))))]))
	}
	b := Bands{Medium: max(at(0.6), minMediumBand), High: max(at(0.9), minHighBand), FromHistory: true}
	b.High = max(b.High, b.Medium+1)
	return b
}

// drivers splits the distance between the score and the score of an
// average change among the factors, in proportion to each factor's term of
// the linear predictor (coefficient × standardized value).
func (a *Analysis) drivers(f Features, z []float64, p float64) []Driver {
	base := sigmoid(a.Model.Intercept)
	terms := make([]float64, len(z))
	sum := 0.0
	for i, c := range a.Model.Coef {
		terms[i] = c * z[i]
		sum += terms[i]
	}
	var ds []Driver
	for i, t := range terms {
		if t == 0 {
			continue
		}
		var pts float64
		if math.Abs(sum) > 0.05 {
			pts = 100 * (p - base) * t / sum
		} else {
			pts = 100 * p * (1 - p) * t
		}
		desc := describe(featureNames[i], f)
		if desc == "" {
			continue
		}
		ds = append(ds, Driver{Factor: featureNames[i], Description: desc, Points: pts})
	}
	sort.SliceStable(ds, func(i, j int) bool {
		if math.Abs(ds[i].Points) != math.Abs(ds[j].Points) {
			return math.Abs(ds[i].Points) > math.Abs(ds[j].Points)
		}
		return ds[i].Factor < ds[j].Factor
	})
	return ds
}

// sizeRate reports the bug rate of past changes in the same size band.
func (a *Analysis) sizeRate(f Features) string {
	if len(a.Eligible) < 50 {
		return ""
	}
	sizes := make([]float64, len(a.Eligible))
	for k, i := range a.Eligible {
		sizes[k] = a.Features[i].LA + a.Features[i].LD
	}
	sorted := slices.Clone(sizes)
	slices.Sort(sorted)
	q := func(p float64) float64 { return sorted[min(len(sorted)-1, int(p*float64(len(sorted))))] }
	edges := []float64{q(0.2), q(0.4), q(0.6), q(0.8)}
	band := func(s float64) int {
		b := 0
		for b < len(edges) && s > edges[b] {
			b++
		}
		return b
	}
	size := f.LA + f.LD
	mine := band(size)
	var n, bugs, all int
	lo, hi := math.Inf(1), 0.0
	for k, i := range a.Eligible {
		if a.Labels.Inducing[i] {
			all++
		}
		if band(sizes[k]) != mine {
			continue
		}
		n++
		lo, hi = math.Min(lo, sizes[k]), math.Max(hi, sizes[k])
		if a.Labels.Inducing[i] {
			bugs++
		}
	}
	if n == 0 {
		return ""
	}
	return fmt.Sprintf("past changes of this size (%s–%s changed lines) were later fixed %d%% of the time, against %d%% for all changes",
		thousands(lo), thousands(hi), int(math.Round(100*float64(bugs)/float64(n))), int(math.Round(100*float64(all)/float64(len(a.Eligible)))))
}

// Scores returns the modelled probability of every eligible commit, by
// history index.
func (a *Analysis) Scores() map[int]float64 {
	m := make(map[int]float64, len(a.Eligible))
	for _, i := range a.Eligible {
		m[i] = a.prob[i]
	}
	return m
}

// ErrUnavailable wraps the reasons a repository's history cannot be scored.
var ErrUnavailable = errors.New("history unavailable")
