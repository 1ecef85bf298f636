package scan

import (
	"context"

	"github.com/tollgate-dev/tollgate/iac"
)

func init() { Register(iacDomain{}) }

// iacDomain adapts the iac (Terraform) package.
type iacDomain struct{}

func (iacDomain) Name() string       { return "iac" }
func (iacDomain) Owns(p string) bool { return iac.Owns(p) }
func (iacDomain) Analyze(ctx context.Context, in *Input) (*Result, error) {
	res, err := iac.Analyze(ctx, in.FS, in.Files, iac.Options{})
	if err != nil {
		return nil, err
	}
	return &Result{Findings: res.Findings}, nil
}
