package pipeline

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// Workload identity federation: a job reaches a model API with no key
// secret. A step mints a GitHub OIDC token whose audience is the AI
// vendor (`core.getIDToken("https://api.anthropic.com")` in
// actions/github-script, or `curl "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=…"`),
// and hands it to the later steps of the job through $GITHUB_ENV
// (`core.exportVariable("ANTHROPIC_IDENTITY_TOKEN_FILE", file)`, `echo
// X=… >> $GITHUB_ENV`), often inside a local composite action. The SDK of
// a later step exchanges it for an access token, given the federation ids
// (ANTHROPIC_FEDERATION_RULE_ID…, usually from `vars.*`).
//
// The minting step is a credential hand-over, not an AI step: the AI steps
// are the later steps of the job that run a program and name what was
// exported or carry the vendor's federation ids; each one's evidence names
// the hand-over. With none, the first later step that runs a program (as
// for any $GITHUB_ENV hand-over); with no such step either, the minting
// step stays the AI step.

// fedNames are the environment variables an AI SDK reads for workload
// identity federation, per vendor (Anthropic's WIF reference). They are
// ids and a token file, not secrets, so they count whatever their value.
var fedNames = map[string]string{
	"ANTHROPIC_FEDERATION_RULE_ID":  "anthropic",
	"ANTHROPIC_SERVICE_ACCOUNT_ID":  "anthropic",
	"ANTHROPIC_IDENTITY_TOKEN_FILE": "anthropic",
	"ANTHROPIC_IDENTITY_TOKEN":      "anthropic",
}

// fedCreds returns the federation ids bound in a list of env entries.
func fedCreds(kvs []KV, level string) []credential {
	var out []credential
	for _, kv := range kvs {
		if prov := fedNames[kv.Key]; prov != "" && strings.TrimSpace(kv.Value) != "" {
			out = append(out, credential{Env: kv.Key, Level: level, Pos: kv.Pos, Provider: prov})
		}
	}
	return out
}

var (
	// mintAudience finds the audience of a GitHub OIDC token request.
	mintAudience = lazyre.New("getIDToken\\(\\s*[\"'`]([^\"'`\\n]{1,200})[\"'`]|ACTIONS_ID_TOKEN_REQUEST_URL[^\\n]*?[?&]audience=([^\"'&\\s)]{1,200})")
	// exportedVar finds a variable exported to the later steps of the job.
	exportedVar = lazyre.New("core\\.exportVariable\\(\\s*[\"'`]([A-Za-z_][A-Za-z0-9_]*)[\"'`]|\\b([A-Za-z_][A-Za-z0-9_]*)=[^\\n]*>>\\s*\"?\\$\\{?GITHUB_ENV")
)

// tokenMint is a step that mints an OIDC token for an AI vendor and hands
// it over through $GITHUB_ENV.
type tokenMint struct {
	Step     *Step
	Provider string
	Host     string
	// Names are the variables it exports; At is where the first is.
	Names []string
	At    Pos
}

// mintsToken reports whether a step's script or inputs request an OIDC
// token (most steps do not: nothing is allocated for them).
func mintsToken(s *Step) bool {
	has := func(t string) bool {
		return strings.Contains(t, "getIDToken") || strings.Contains(t, "ACTIONS_ID_TOKEN_REQUEST_URL")
	}
	if has(s.Run) {
		return true
	}
	for _, kv := range s.With {
		if has(kv.Value) {
			return true
		}
	}
	return false
}

// mintTexts returns the step's script and its input values with where
// each starts (a github-script `script:` holds the JavaScript).
func mintTexts(s *Step) ([]string, []Pos) {
	texts, at := []string{s.Run}, []Pos{{}}
	for _, kv := range s.With {
		texts, at = append(texts, kv.Value), append(at, kv.ValuePos)
	}
	return texts, at
}

// tokenMintOf returns the hand-over a step makes of an OIDC token minted
// for an AI vendor, or nil: the step must mint one, name the vendor's host
// only as its audience, export a variable and run no program.
func (a *analysis) tokenMintOf(s *Step) *tokenMint {
	if !mintsToken(s) {
		return nil
	}
	texts, at := mintTexts(s)
	var m *tokenMint
	for i, t := range texts {
		if !strings.Contains(t, "getIDToken") && !strings.Contains(t, "ACTIONS_ID_TOKEN_REQUEST_URL") {
			continue
		}
		for _, am := range mintAudience.FindAllStringSubmatch(t, -1) {
			aud := am[1] + am[2]
			if d, err := url.QueryUnescape(aud); err == nil {
				aud = d
			}
			host, prov, ok := aiprofiles.FindEndpoint(aud)
			if !ok {
				continue
			}
			if m == nil {
				m = &tokenMint{Step: s, Provider: prov, Host: host}
			}
		}
		if m == nil {
			continue
		}
		// The host named anywhere but in an audience is a call.
		if _, _, ok := aiprofiles.FindEndpoint(mintAudience.ReplaceAllString(t, "")); ok {
			return nil
		}
		for _, loc := range exportedVar.FindAllStringSubmatchIndex(t, -1) {
			name := ""
			for g := 2; g+1 < len(loc); g += 2 {
				if loc[g] >= 0 {
					name = t[loc[g]:loc[g+1]]
				}
			}
			if len(m.Names) == 0 {
				m.At = exportPos(s, i, t, at[i], loc[0])
			}
			m.Names = append(m.Names, name)
		}
	}
	if m == nil || len(m.Names) == 0 || a.runsProgram(s) {
		return nil
	}
	return m
}

// exportPos returns the position of byte off of text i of a step (0 is
// its script).
func exportPos(s *Step, i int, text string, start Pos, off int) Pos {
	if i == 0 {
		if n := strings.Count(text[:off], "\n"); n < len(s.RunLines) {
			return s.RunLines[n].Pos
		}
		return s.Pos
	}
	return offsetPos(start, text, off)
}

// topStep returns the workflow step a step is (or is expanded from).
func topStep(s *Step) *Step {
	if s.Origin != nil {
		return s.Origin
	}
	return s
}

// namesAny reports whether a step's script or env names one of the
// variables.
func namesAny(s *Step, names []string) bool {
	for _, n := range names {
		if strings.Contains(s.Run, n) {
			return true
		}
		for _, kv := range s.Env {
			if kv.Key == n || strings.Contains(kv.Value, n) {
				return true
			}
		}
	}
	return false
}

// mintEvidence says how a consumer got the token.
func (m *tokenMint) evidence() string {
	return fmt.Sprintf("OIDC token for %s minted and handed over by step %q through $GITHUB_ENV (%s, %s:%d)",
		m.Host, topStep(m.Step).Label(), strings.Join(m.Names, ", "), m.At.Path, m.At.Line)
}

// mintConsumers returns the AI uses a token hand-over gives: the later
// steps of the job that run a program and name what it exported or carry
// the vendor's federation ids (an AI step already, when the ids made it
// one: it gets the hand-over as evidence), else the first later step that
// runs a program. It reports false when there is no consumer.
func (a *analysis) mintConsumers(j *Job, m *tokenMint) ([]*AIUse, bool) {
	after := topStep(m.Step).Index
	var out []*AIUse
	found := false
	for _, c := range j.Steps {
		if c.Index <= after || neverRuns(j, c) {
			continue
		}
		if u := a.aiByStep[c]; u != nil {
			if u.Via == "secret" && (namesAny(c, m.Names) || len(fedCreds(c.Env, "step env")) > 0) {
				u.Why = append(u.Why, m.evidence())
				found = true
			}
			continue
		}
		if c.Uses != "" || !namesAny(c, m.Names) || !a.runsProgram(c) || a.installsOnly(c) || a.runsNoAIProgram(c) {
			continue
		}
		out = append(out, a.mintUse(j, c, m))
		found = true
	}
	if found {
		return out, true
	}
	c, _ := a.handoverConsumer(j, topStep(m.Step), "$GITHUB_ENV")
	if c == nil {
		return nil, false
	}
	if u := a.aiByStep[c]; u != nil {
		u.Why = append(u.Why, m.evidence())
		return nil, true
	}
	return []*AIUse{a.mintUse(j, c, m)}, true
}

// mintUse makes the AI use of a step that consumes a minted token.
func (a *analysis) mintUse(j *Job, c *Step, m *tokenMint) *AIUse {
	u := &AIUse{Job: j, Step: c, Pos: c.Where(), Via: "secret", Provider: m.Provider, Model: "implicit"}
	u.Secrets = stepSecrets(j, c)
	u.Why = append(u.Why, m.evidence())
	u.ModelPos = u.Pos
	applyEnvModel(c, u)
	return u
}
