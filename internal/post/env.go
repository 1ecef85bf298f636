package post

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/tollgate-dev/tollgate/internal/safefs"
)

// maxEvent caps the GitHub event file read for the pull request's number.
const maxEvent = 16 << 20

// FromEnv builds the poster for the CI system the environment describes:
// GitHub Actions (GITHUB_ACTIONS or GITHUB_REPOSITORY: GITHUB_TOKEN,
// GITHUB_API_URL, GITHUB_REPOSITORY, the number from GITHUB_EVENT_PATH's
// pull_request.number) or GitLab CI (CI_API_V4_URL: CI_PROJECT_ID,
// CI_MERGE_REQUEST_IID, GITLAB_TOKEN or CI_JOB_TOKEN). number, when
// positive, is the pull or merge request and overrides the environment's.
// It reads the environment and the event file only; nothing is sent.
func FromEnv(getenv func(string) string, number int) (Poster, error) {
	switch {
	case getenv("GITHUB_ACTIONS") == "true" || getenv("GITHUB_REPOSITORY") != "":
		g := &GitHub{API: getenv("GITHUB_API_URL"), Repo: getenv("GITHUB_REPOSITORY"), Token: getenv("GITHUB_TOKEN"), Number: number}
		if g.API == "" {
			g.API = "https://api.github.com"
		}
		if g.Token == "" {
			return nil, errors.New("GITHUB_TOKEN is not set (pass it to the step: env: GITHUB_TOKEN: ${{ github.token }})")
		}
		if g.Repo == "" {
			return nil, errors.New("GITHUB_REPOSITORY is not set")
		}
		if g.Number <= 0 {
			n, err := eventNumber(getenv("GITHUB_EVENT_PATH"))
			if err != nil {
				return nil, err
			}
			g.Number = n
		}
		return g, nil
	case getenv("CI_API_V4_URL") != "" || getenv("GITLAB_CI") == "true":
		g := &GitLab{API: getenv("CI_API_V4_URL"), Project: getenv("CI_PROJECT_ID"), Token: getenv("GITLAB_TOKEN"), JobToken: getenv("CI_JOB_TOKEN"), MR: number}
		if g.API == "" {
			return nil, errors.New("CI_API_V4_URL is not set")
		}
		if g.Token == "" && g.JobToken == "" {
			return nil, errors.New("neither GITLAB_TOKEN nor CI_JOB_TOKEN is set")
		}
		if g.Project == "" {
			return nil, errors.New("CI_PROJECT_ID is not set")
		}
		if g.MR <= 0 {
			s := getenv("CI_MERGE_REQUEST_IID")
			if s == "" {
				return nil, errors.New("CI_MERGE_REQUEST_IID is not set: not a merge-request pipeline (pass --pr)")
			}
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n <= 0 {
				return nil, fmt.Errorf("CI_MERGE_REQUEST_IID %q is not a positive number", s)
			}
			g.MR = n
		}
		return g, nil
	}
	return nil, errors.New("no CI platform in the environment: want GitHub Actions (GITHUB_REPOSITORY) or GitLab CI (CI_API_V4_URL)")
}

// eventNumber reads the pull request's number from the GitHub event file:
// pull_request.number, else the top-level number (issue_comment and
// pull_request_target events carry both).
func eventNumber(path string) (int, error) {
	if path == "" {
		return 0, errors.New("GITHUB_EVENT_PATH is not set and no --pr number was given")
	}
	data, err := safefs.ReadTrusted(path, maxEvent)
	if err != nil {
		return 0, fmt.Errorf("read GitHub event: %w", err)
	}
	var ev struct {
		Number      int `json:"number"`
		PullRequest *struct {
			Number int `json:"number"`
		} `json:"pull_request"`
		Issue *struct {
			Number      int             `json:"number"`
			PullRequest json.RawMessage `json:"pull_request"`
		} `json:"issue"`
	}
	if err := json.Unmarshal(data, &ev); err != nil {
		return 0, fmt.Errorf("read GitHub event %q: %w", path, err)
	}
	switch {
	case ev.PullRequest != nil && ev.PullRequest.Number > 0:
		return ev.PullRequest.Number, nil
	case ev.Issue != nil && ev.Issue.PullRequest != nil && ev.Issue.Number > 0:
		return ev.Issue.Number, nil
	case ev.Number > 0:
		return ev.Number, nil
	}
	return 0, fmt.Errorf("GitHub event %q names no pull request: run on pull_request events or pass --pr", path)
}

// StepSummary appends body to the GitHub step summary file (the path in
// GITHUB_STEP_SUMMARY), which the runner shows on the run's page: the
// fallback when the token may not comment.
func StepSummary(path, body string) error {
	if path == "" {
		return errors.New("GITHUB_STEP_SUMMARY is not set")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("write step summary: %w", err)
	}
	if _, err := f.WriteString(body + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("write step summary %q: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write step summary %q: %w", path, err)
	}
	return nil
}
