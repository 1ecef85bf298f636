package changerisk

import (
	"math"
	"path"
	"slices"
	"strings"
)

// Features are the facts about one change that the model scores, each
// computed from the change itself and strictly earlier history.
type Features struct {
	// Size and diffusion (Kamei et al.).
	LA, LD  float64 // lines added and deleted, in counted files
	LT      float64 // mean lines in the touched files before the change
	NF      float64 // counted files touched
	ND      float64 // directories touched
	NS      float64 // subsystems (top-level directories) touched
	Entropy float64 // spread of the changed lines over files, in bits
	// History of the touched files.
	NDEV float64 // distinct developers who changed them before
	AGE  float64 // mean days since they last changed
	NUC  float64 // earlier changes to them (summed over files)
	// Experience of the author.
	EXP  float64 // earlier changes by the author
	REXP float64 // the same, weighted by 1/(years ago + 1)
	SEXP float64 // earlier changes by the author in the touched subsystems
	// Flags.
	Fix, CI, IaC, Deps, Migration, AI, NoTests, Revert, AIAuthored bool
	// NewSubsystem names a subsystem the author had never changed, if any.
	NewSubsystem string
	// AIEvidence says why AIAuthored is set.
	AIEvidence string
}

// featureNames lists the model's inputs in order; vector returns values in
// the same order.
var featureNames = []string{
	"la", "ld", "lt", "nf", "nd", "ns", "entropy", "ndev", "age", "nuc", "exp", "rexp", "sexp",
	"fix", "ci", "iac", "deps", "migration", "ai", "no_tests", "revert", "ai_authored",
}

// numericFeatures is how many of featureNames are counts (log1p-scaled);
// the rest are 0/1 flags.
const numericFeatures = 13

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// vector returns the raw inputs of the model: log1p of the counts, 0/1 flags.
func (f *Features) vector() []float64 {
	v := []float64{f.LA, f.LD, f.LT, f.NF, f.ND, f.NS, f.Entropy, f.NDEV, f.AGE, f.NUC, f.EXP, f.REXP, f.SEXP,
		b2f(f.Fix), b2f(f.CI), b2f(f.IaC), b2f(f.Deps), b2f(f.Migration), b2f(f.AI), b2f(f.NoTests), b2f(f.Revert), b2f(f.AIAuthored)}
	for i := 0; i < numericFeatures; i++ {
		v[i] = math.Log1p(math.Max(v[i], 0))
	}
	return v
}

// fileState is what the forward pass remembers about a path.
type fileState struct {
	last    int64 // author time of the last change
	devs    []int32
	changes int32
	fixes   int32
}

type authorState struct {
	n     int
	years map[int64]int // changes per calendar-year index
	subs  map[string]int
}

// featurePass computes features for every commit of h in order, each from
// the commits before it.
type featurePass struct {
	files   map[string]*fileState
	authors map[string]*authorState
	ids     map[string]int32
}

func newFeaturePass() *featurePass {
	return &featurePass{files: map[string]*fileState{}, authors: map[string]*authorState{}, ids: map[string]int32{}}
}

func authorKey(c *Commit) string {
	if c.Email != "" {
		return strings.ToLower(c.Email)
	}
	return strings.ToLower(c.Author)
}

func subsystem(p string) string {
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

const yearSeconds = 365.25 * 24 * 3600

// features computes the features of a set of file changes by an author at
// time t, from the state so far. It does not update the state.
func (fp *featurePass) features(c *Commit, files []FileChange) Features {
	var f Features
	f.Fix = c.Fix
	f.Revert = IsRevert(c.Message)
	f.AIAuthored, f.AIEvidence = AIAuthored(c.Author, c.Email, c.Message)
	dirs := map[string]bool{}
	subs := map[string]bool{}
	devs := map[int32]bool{}
	var churn []float64
	var ltSum, ageSum float64
	var ltN, ageN int
	code, tests := false, false
	for i := range files {
		fc := &files[i]
		k := fc.Kind
		if k&KindCI != 0 {
			f.CI = true
		}
		if k&KindIaC != 0 {
			f.IaC = true
		}
		if k&KindDeps != 0 {
			f.Deps = true
		}
		if k&KindMigration != 0 {
			f.Migration = true
		}
		if k&KindAI != 0 {
			f.AI = true
		}
		if !fc.Counted() {
			continue
		}
		if k&KindTest != 0 {
			tests = true
		} else if k&KindSource != 0 {
			code = true
		}
		f.LA += float64(fc.Added)
		f.LD += float64(fc.Deleted)
		f.NF++
		dirs[path.Dir(fc.Path)] = true
		subs[subsystem(fc.Path)] = true
		churn = append(churn, float64(fc.Added+fc.Deleted))
		if fc.Status != 'A' {
			ltSum += float64(fc.OldLines)
			ltN++
		}
		prev := fc.Path
		if fc.OldPath != "" {
			prev = fc.OldPath
		}
		if st := fp.files[prev]; st != nil {
			for _, d := range st.devs {
				devs[d] = true
			}
			f.NUC += float64(st.changes)
			if c.AuthorTime > st.last {
				ageSum += float64(c.AuthorTime-st.last) / 86400
			}
			ageN++
		}
	}
	f.NoTests = code && !tests
	f.ND = float64(len(dirs))
	f.NS = float64(len(subs))
	f.NDEV = float64(len(devs))
	if ltN > 0 {
		f.LT = ltSum / float64(ltN)
	}
	if ageN > 0 {
		f.AGE = ageSum / float64(ageN)
	}
	var total float64
	for _, x := range churn {
		total += x
	}
	if total > 0 {
		for _, x := range churn {
			if x > 0 {
				p := x / total
				f.Entropy -= p * math.Log2(p)
			}
		}
	}
	if a := fp.authors[authorKey(c)]; a != nil {
		f.EXP = float64(a.n)
		cy := int64(math.Floor(float64(c.AuthorTime) / yearSeconds))
		years := make([]int64, 0, len(a.years))
		for y := range a.years {
			years = append(years, y)
		}
		slices.Sort(years) // a fixed order keeps the float sum reproducible
		for _, y := range years {
			n := a.years[y]
			age := cy - y
			if age < 0 {
				age = 0
			}
			f.REXP += float64(n) / float64(age+1)
		}
		first := ""
		for s := range subs {
			if n := a.subs[s]; n > 0 {
				f.SEXP += float64(n)
			} else if s != "." && (first == "" || s < first) {
				first = s
			}
		}
		f.NewSubsystem = first
	}
	return f
}

// add records a commit's changes in the state.
func (fp *featurePass) add(c *Commit) {
	key := authorKey(c)
	id, ok := fp.ids[key]
	if !ok {
		id = int32(len(fp.ids))
		fp.ids[key] = id
	}
	a := fp.authors[key]
	if a == nil {
		a = &authorState{years: map[int64]int{}, subs: map[string]int{}}
		fp.authors[key] = a
	}
	a.n++
	a.years[int64(math.Floor(float64(c.AuthorTime)/yearSeconds))]++
	seen := map[string]bool{}
	for i := range c.Files {
		fc := &c.Files[i]
		if fc.Status == 'D' {
			delete(fp.files, fc.Path)
			continue
		}
		st := fp.files[fc.Path]
		if fc.OldPath != "" {
			if old := fp.files[fc.OldPath]; old != nil {
				st = old
				delete(fp.files, fc.OldPath)
			}
		}
		if st == nil {
			st = &fileState{}
		}
		fp.files[fc.Path] = st
		st.last = max(st.last, c.AuthorTime)
		st.changes++
		if c.Fix {
			st.fixes++
		}
		found := false
		for _, d := range st.devs {
			if d == id {
				found = true
				break
			}
		}
		if !found && len(st.devs) < 256 {
			st.devs = append(st.devs, id)
		}
		if fc.Counted() {
			s := subsystem(fc.Path)
			if !seen[s] {
				seen[s] = true
				a.subs[s]++
			}
		}
	}
}

// FeatureMap returns the features by name, raw (not log-scaled), flags as 0/1.
func FeatureMap(f Features) map[string]float64 {
	v := []float64{f.LA, f.LD, f.LT, f.NF, f.ND, f.NS, f.Entropy, f.NDEV, f.AGE, f.NUC, f.EXP, f.REXP, f.SEXP,
		b2f(f.Fix), b2f(f.CI), b2f(f.IaC), b2f(f.Deps), b2f(f.Migration), b2f(f.AI), b2f(f.NoTests), b2f(f.Revert), b2f(f.AIAuthored)}
	m := make(map[string]float64, len(v))
	for i, x := range v {
		m[featureNames[i]] = math.Round(x*1000) / 1000
	}
	return m
}
