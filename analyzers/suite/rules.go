package suite

import (
	"github.com/tollgate-dev/tollgate/analyzers/inlineprompt"
	"github.com/tollgate-dev/tollgate/analyzers/modelpin"
	"github.com/tollgate-dev/tollgate/analyzers/nodeadline"
	"github.com/tollgate-dev/tollgate/analyzers/streams"
	"github.com/tollgate-dev/tollgate/analyzers/toolexec"
	"github.com/tollgate-dev/tollgate/analyzers/unbounded"
	"github.com/tollgate-dev/tollgate/analyzers/untraced"
)

// init lists the rule analyzers in the order they run; each is built on the
// suite's inventory.
func init() {
	builders = append(builders,
		modelpin.New,
		nodeadline.New,
		toolexec.New,
		streams.New,
		unbounded.New,
		untraced.New,
		inlineprompt.New,
	)
}
