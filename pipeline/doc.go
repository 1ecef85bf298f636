// Package pipeline reads CI pipeline files (GitHub Actions workflows and
// GitLab CI) into YAML nodes that keep their positions, and runs the
// pipeline rules on them.
package pipeline
