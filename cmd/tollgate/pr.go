package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"

	"github.com/tollgate-dev/tollgate/internal/post"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/prgate"
	"github.com/tollgate-dev/tollgate/render"
	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	var c common
	var base, skip string
	var postIt bool
	var number int
	register(&command{
		name:    "pr",
		usage:   "--base <ref> [flags] [dir]",
		summary: "pull-request run: findings new since the base, risk of base..head, one Markdown comment",
		help: `pr scans the work tree (the head) and the base commit, and compares their
findings by fingerprint: new (only in the head), existing (in both) and fixed
(only in the base). The base is the merge base of --base and HEAD, as a pull
request's diff shows it; it is read from git objects into a temporary
directory, so the work tree is never touched. When the change-risk domain is
built in, the report carries the risk of base..head.

Both sides are judged with the BASE commit's policy (.tollgate.hcl read from
git objects, or the built-in defaults when the base has none) and the base's
baseline: a pull request cannot lower its own gate. Its changes to the policy
or a baseline are reported as policy/changed-in-pr, with the diff; they apply
once a maintainer lands them. --policy names a trusted policy file that
judges both sides instead.

In pull-request mode the findings gate counts new findings only: a change is
not blocked by debt it did not add. A domain that failed, or loaded only in
part, on one side cannot be compared: its comparison is "unknown"
(pr/comparison-unknown, in every output and on stderr), its findings are
counted neither new nor fixed, and the gate fails when the unknown could hide
a finding that would fail it.

The default output is one Markdown comment (format pr-comment) that starts
with the marker <!-- tollgate:report v1 -->, so a CI step can update the
comment it posted before. Other formats work too:

  tollgate pr --base origin/main --format pr-comment=comment.md --format sarif=pr.sarif

--post creates or updates that one comment on the pull request (GitHub:
GITHUB_TOKEN, GITHUB_API_URL, GITHUB_REPOSITORY and the number from
GITHUB_EVENT_PATH) or merge request (GitLab: CI_API_V4_URL, CI_PROJECT_ID,
CI_MERGE_REQUEST_IID and GITLAB_TOKEN or CI_JOB_TOKEN); --pr names the number
instead. When the token may not write, as on a pull request from a fork, the
comment goes to the step summary (GITHUB_STEP_SUMMARY) with a warning.
Without --post, tollgate never uses the network.`,
		setup: func(fs *flag.FlagSet) {
			c.setup(fs, "pr-comment")
			fs.StringVar(&base, "base", "", "base `ref` of the pull request (branch, tag or commit), required")
			fs.StringVar(&skip, "skip", "", "comma-separated `domains` to leave out")
			fs.BoolVar(&postIt, "post", false, "create or update the one tollgate comment on the pull or merge request (uses the network)")
			fs.IntVar(&number, "pr", 0, "pull or merge request `number` for --post (default: from the CI environment)")
		},
		run: func(ctx context.Context, e *env, args []string) int {
			if number != 0 && !postIt {
				fmt.Fprintln(e.stderr, "tollgate pr: --pr is for --post")
				return exitUsage
			}
			p := postOptions{enabled: postIt, number: number}
			return runPR(ctx, e, &c, args, base, splitList(skip), p)
		},
	})
}

func runPR(ctx context.Context, e *env, c *common, args []string, baseRef string, skip []string, po postOptions) int {
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(e.stderr, "tollgate pr: "+format+"\n", a...)
		return code
	}
	if baseRef == "" {
		return fail(exitUsage, "--base is required (the pull request's target, such as origin/main)")
	}
	var poster post.Poster
	if po.enabled {
		// Read the environment before the scan: a job that cannot post
		// says so at once, not after minutes of work.
		var err error
		if poster, err = post.FromEnv(e.getenv, po.number); err != nil {
			return fail(exitUsage, "--post: %s", render.Terminal(err.Error()))
		}
	}
	if len(args) > 1 {
		return fail(exitUsage, "want at most one directory, got %d arguments", len(args))
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	for _, name := range skip {
		if !knownDomain(name) {
			return fail(exitUsage, "unknown domain %q in --skip", name)
		}
	}
	now, err := c.clock(e)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	// --policy is the user's and trusted; without it the base's policy
	// judges (prgate reads it from git objects).
	pol, err := c.loadPolicy()
	if err != nil {
		var pe *policy.Error
		if errors.As(err, &pe) {
			fmt.Fprintf(e.stderr, "tollgate: bad policy file:\n%s\n", render.Terminal(err.Error()))
			return exitUsage
		}
		return fail(exitUsage, "%s", render.Terminal(err.Error()))
	}
	opts := prgate.Options{Dir: dir, BaseRef: baseRef, Policy: pol, Now: now, Skip: skip}
	if e.isTerminal {
		opts.Progress = newProgress(e.stderr).update
	}
	res, err := prgate.Run(ctx, opts)
	if err != nil {
		var ue *prgate.UsageError
		var pe *policy.Error
		switch {
		case errors.As(err, &pe):
			fmt.Fprintf(e.stderr, "tollgate pr: bad policy file on the base:\n%s\n", render.Terminal(err.Error()))
			return exitUsage
		case errors.As(err, &ue):
			return fail(exitUsage, "%s", render.Terminal(err.Error()))
		}
		return fail(exitInternal, "%s", render.Terminal(err.Error()))
	}
	if n := len(res.Skipped); n > 0 {
		s := res.Skipped[0]
		fmt.Fprintf(e.stderr, "tollgate pr: %d path(s) of the base were left out of its checkout (first %q: %s)\n", n, render.Terminal(s.Path), render.Terminal(s.Why))
	}
	r := res.Report
	if werr := c.write(e, r, "pr-comment"); werr != nil {
		return fail(exitInternal, "%v", werr)
	}
	postFailed := false
	if poster != nil {
		postFailed = !postComment(ctx, e, poster, r)
	}
	for _, u := range r.Comparison.Unknown {
		verdict := "it cannot hide a finding that fails the gate"
		if u.Blocking {
			verdict = "the gate fails until both sides load"
		}
		fmt.Fprintf(e.stderr, "tollgate pr: comparison unknown for domain %q (%s): %d finding(s) of the head counted neither new nor existing; %s\n",
			u.Name, render.Terminal(u.Reason), u.Findings, verdict)
	}
	if res.HeadErr != nil || res.BaseErr != nil {
		for side, err := range map[string]error{"head": res.HeadErr, "base": res.BaseErr} {
			if err != nil {
				fmt.Fprintf(e.stderr, "tollgate pr: %s: %s\n", side, render.Terminal(err.Error()))
			}
		}
		return exitInternal
	}
	if postFailed {
		return exitInternal
	}
	if !r.Passed() {
		return exitGate
	}
	return exitClean
}

// postOptions are --post and --pr.
type postOptions struct {
	enabled bool
	number  int
}

// postComment creates or updates the pull request's one tollgate comment.
// A token that may not write is not a failure: on GitHub (a pull request
// from a fork) the comment goes to the step summary, on GitLab (the job
// token) it stays in the job's outputs, each with a warning. It
// reports whether the comment reached the reviewers one way or the other.
func postComment(ctx context.Context, e *env, p post.Poster, r *report.Report) bool {
	var b bytes.Buffer
	if err := render.PRComment(&b, r, render.Options{}); err != nil {
		fmt.Fprintf(e.stderr, "tollgate pr: --post: render comment: %v\n", err)
		return false
	}
	res, err := p.Upsert(ctx, render.Marker, b.String())
	if err != nil {
		summary := e.getenv("GITHUB_STEP_SUMMARY")
		if errors.Is(err, post.ErrForbidden) && p.Platform() == "GitHub" && summary != "" {
			if serr := post.StepSummary(summary, b.String()); serr != nil {
				fmt.Fprintf(e.stderr, "tollgate pr: --post: %s; and the step summary: %s\n", render.Terminal(err.Error()), render.Terminal(serr.Error()))
				return false
			}
			fmt.Fprintf(e.stderr, "tollgate pr: warning: the token may not comment on the pull request (as on one from a fork); the report is in the step summary instead (%s)\n", render.Terminal(err.Error()))
			return true
		}
		if errors.Is(err, post.ErrForbidden) && p.Platform() == "GitLab" {
			// The job token may not write notes on most instances: the
			// report is still in the job's log and artifacts.
			fmt.Fprintf(e.stderr, "tollgate pr: warning: the token may not write merge-request notes; set GITLAB_TOKEN to an access token with the api scope (%s)\n", render.Terminal(err.Error()))
			return true
		}
		fmt.Fprintf(e.stderr, "tollgate pr: --post: %s\n", render.Terminal(err.Error()))
		return false
	}
	where := ""
	if res.URL != "" {
		where = ": " + res.URL
	}
	fmt.Fprintf(e.stderr, "tollgate pr: %s the %s comment%s\n", res.Action, p.Platform(), render.Terminal(where))
	if res.Truncated > 0 {
		fmt.Fprintf(e.stderr, "tollgate pr: the comment was cut by %d characters to fit %s's limit; the full report is in the other outputs\n", res.Truncated, p.Platform())
	}
	return true
}
