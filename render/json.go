package render

import (
	"encoding/json"
	"io"

	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "json", Doc: "the full report, schema tollgate.report/v2", Render: JSON})
}

// JSON writes the report in its documented encoding, schema
// "tollgate.report/v2", indented by two spaces. Map keys are sorted by
// encoding/json, so the same report always gives the same bytes; invalid
// UTF-8 from the repository becomes U+FFFD.
func JSON(w io.Writer, r *report.Report, _ Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
