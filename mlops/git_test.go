package mlops

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/internal/gitrepo"
	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// analyzeRepo runs Analyze on a git work tree with the given walk.
func analyzeRepo(t *testing.T, r *gitrepo.Repo, walk []string, maxCommits int) *Result {
	t.Helper()
	root, err := safefs.Open(r.Dir, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	var tree []File
	for _, p := range walk {
		st, err := os.Stat(filepath.Join(r.Dir, p))
		if err != nil {
			t.Fatal(err)
		}
		tree = append(tree, File{Path: p, Size: st.Size()})
	}
	repo, err := OpenRepo(r.Dir)
	if err != nil || repo == nil {
		t.Fatalf("open: %v", err)
	}
	res, err := Analyze(context.Background(), root.FS(), tree, Options{Repo: repo, MaxCommits: maxCommits})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestCommittedMeansInGit: an untracked model in the work tree is not
// committed; a tracked model that .gitignore now matches (as a force-added
// one is) is, though the walk does not list it.
func TestCommittedMeansInGit(t *testing.T) {
	r := gitrepo.New(t)
	r.Commit("add model", map[string]string{"models/tracked.joblib": strings.Repeat("m", 3<<20), "README.md": "# x\n"})
	r.Commit("ignore models", map[string]string{".gitignore": "models/\n"})
	r.Write(map[string]string{"out/untracked.onnx": strings.Repeat("u", 2<<20)})
	res := analyzeRepo(t, r, []string{".gitignore", "README.md", "out/untracked.onnx"}, 0)
	if res.ArtifactsFrom != "git" {
		t.Errorf("artifacts from %q, want git", res.ArtifactsFrom)
	}
	var got []string
	for _, a := range res.Artifacts {
		got = append(got, a.Path+" "+a.Storage)
	}
	if want := []string{"models/tracked.joblib git"}; !slices.Equal(got, want) {
		t.Errorf("artifacts %q, want %q", got, want)
	}
	if got := rules(res); !slices.Contains(got, "models/tracked.joblib mlops/model-not-versioned") || slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, "out/") }) {
		t.Errorf("findings %q", got)
	}
}

func TestLFSFromTree(t *testing.T) {
	r := gitrepo.New(t)
	r.Commit("lfs", map[string]string{"models/w.safetensors": "version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 9\n"})
	res := analyzeRepo(t, r, nil, 0)
	if len(res.Artifacts) != 1 || res.Artifacts[0].Storage != "lfs" {
		t.Errorf("artifacts %+v", res.Artifacts)
	}
}

const card = "# M\n## Intended use\nx\n## Limitations\nx\n## Training data\nx\n## Evaluation\nx\n"

func TestCardFreshness(t *testing.T) {
	r := gitrepo.New(t)
	c1 := r.Commit("card", map[string]string{
		"models/fraud/MODEL_CARD.md": card, "src/train.py": "fit()\n", "data/raw.csv.dvc": "outs:\n- path: raw.csv\n",
		"docs/other/MODEL_CARD.md": card, "README.md": "x\n",
	})
	r.Commit("retrain", map[string]string{"src/train.py": "fit(more)\n", "README.md": "y\n"})
	// A pure rename of the card is not a change to it.
	if err := os.Rename(filepath.Join(r.Dir, "models/fraud/MODEL_CARD.md"), filepath.Join(r.Dir, "models/fraud/model_card.md")); err != nil {
		t.Fatal(err)
	}
	r.Commit("rename card", nil)
	c4 := r.Commit("new data, other card updated", map[string]string{"data/raw.csv.dvc": "outs:\n- path: raw.csv\n  md5: cd\n", "docs/other/MODEL_CARD.md": card + "More.\n"})
	r.Commit("docs only", map[string]string{"README.md": "z\n"})
	walk := []string{"README.md", "data/raw.csv.dvc", "docs/other/MODEL_CARD.md", "models/fraud/model_card.md", "src/train.py"}
	res := analyzeRepo(t, r, walk, 0)
	byCard := map[string]string{}
	for _, f := range res.CardFreshness {
		byCard[f.Card] = strings.Join([]string{f.CardCommit, strings.Join(f.ChangedAfter, ","), strconv.Itoa(f.CommitsAfter), boolS(f.Stale)}, " ")
	}
	want := map[string]string{
		"models/fraud/model_card.md": c1.String() + " data/raw.csv.dvc,src/train.py 2 stale",
		"docs/other/MODEL_CARD.md":   c4.String() + "  0 fresh",
	}
	for k, v := range want {
		if byCard[k] != v {
			t.Errorf("%s: %q, want %q", k, byCard[k], v)
		}
	}
	var stale []string
	for _, f := range res.Findings {
		if f.Rule == ModelCardStale.ID {
			stale = append(stale, f.Location.Path)
		}
	}
	if got := stale; !slices.Equal(got, []string{"models/fraud/model_card.md"}) {
		t.Errorf("findings %q", got)
	}
	// The cap: with one commit walked nothing is known of the card's
	// last change, and the report says the walk was cut.
	res = analyzeRepo(t, r, walk, 1)
	if !res.HistoryTruncated {
		t.Error("walk of 1 commit not reported as truncated")
	}
}

func TestGTOTags(t *testing.T) {
	r := gitrepo.New(t)
	h := r.Commit("x", map[string]string{"README.md": "x\n"})
	for _, tag := range []string{"fraud@v1.0.0", "fraud#prod#1", "v1.0.0", "release-2"} {
		if _, err := r.Git.CreateTag(tag, h, nil); err != nil {
			t.Fatal(err)
		}
	}
	repo, err := OpenRepo(r.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := repo.gtoTags(5), []string{"fraud#prod#1", "fraud@v1.0.0"}; !slices.Equal(got, want) {
		t.Errorf("gto tags %q, want %q", got, want)
	}
}

func boolS(b bool) string {
	if b {
		return "stale"
	}
	return "fresh"
}
