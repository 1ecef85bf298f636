package controls

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/tollgate-dev/tollgate/finding"
)

//go:embed catalogue.json
var catalogueJSON []byte

// Catalogue is the versioned list of controls tollgate reports on.
type Catalogue struct {
	// Name and Version identify the catalogue: "tollgate-controls", "2026.12".
	Name    string `json:"name"`
	Version string `json:"version"`
	// Note says what the catalogue holds of each source.
	Note       string      `json:"note"`
	Frameworks []Framework `json:"frameworks"`
	// Inventories maps a report inventory ("ai", "gates:tests",
	// "mlops:monitoring"...) to the controls it gives evidence for.
	Inventories map[string][]string `json:"inventories"`

	byID map[string]Control
}

// Framework is one framework of the catalogue with the document its ids
// and titles come from.
type Framework struct {
	ID       string    `json:"id"`
	Name     string    `json:"name"`
	Version  string    `json:"version"`
	Source   string    `json:"source"`
	Controls []Control `json:"controls"`
}

// Control is one clause: its id within the framework and a one-line title.
type Control struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Framework is set by the loader.
	Framework string `json:"-"`
}

// FullID is the id rules use: "<framework>:<clause>".
func (c Control) FullID() string { return c.Framework + ":" + c.ID }

// Label is the catalogue's name and version, "tollgate-controls/2026.12".
func (c *Catalogue) Label() string { return c.Name + "/" + c.Version }

// Lookup returns the control with the full id ("SOC2:CC8.1").
func (c *Catalogue) Lookup(id string) (Control, bool) {
	ctl, ok := c.byID[id]
	return ctl, ok
}

// All returns every control in catalogue order: frameworks in file order,
// controls in clause order.
func (c *Catalogue) All() []Control {
	var out []Control
	for _, f := range c.Frameworks {
		out = append(out, f.Controls...)
	}
	return out
}

// Unknown returns the control ids the rules name that the catalogue does not
// hold, as "rule: id", sorted.
func (c *Catalogue) Unknown(rules []finding.Rule) []string {
	var out []string
	for _, r := range rules {
		for _, id := range r.Controls {
			if _, ok := c.byID[id]; !ok {
				out = append(out, r.ID+": "+id)
			}
		}
	}
	slices.Sort(out)
	return out
}

// Parse decodes a catalogue and checks it: every framework and control has
// an id and a title, no id is repeated, and every inventory names controls
// of the catalogue.
func Parse(b []byte) (*Catalogue, error) {
	var c Catalogue
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("decode control catalogue: %w", err)
	}
	if c.Name == "" || c.Version == "" {
		return nil, fmt.Errorf("control catalogue: name and version are required")
	}
	c.byID = map[string]Control{}
	for fi := range c.Frameworks {
		f := &c.Frameworks[fi]
		if f.ID == "" || f.Name == "" || f.Source == "" || f.Version == "" || strings.Contains(f.ID, ":") {
			return nil, fmt.Errorf("control catalogue: framework %d needs an id without a colon, a name, a version and a source", fi+1)
		}
		for ci := range f.Controls {
			ctl := &f.Controls[ci]
			ctl.Framework = f.ID
			if ctl.ID == "" || strings.TrimSpace(ctl.Title) == "" || strings.Contains(ctl.Title, "\n") {
				return nil, fmt.Errorf("control catalogue: control %d of %q needs an id and a one-line title", ci+1, f.ID)
			}
			if _, dup := c.byID[ctl.FullID()]; dup {
				return nil, fmt.Errorf("control catalogue: %q is listed twice", ctl.FullID())
			}
			c.byID[ctl.FullID()] = *ctl
		}
	}
	for inv, ids := range c.Inventories {
		for _, id := range ids {
			if _, ok := c.byID[id]; !ok {
				return nil, fmt.Errorf("control catalogue: inventory %q names %q, which is not in the catalogue", inv, id)
			}
		}
	}
	return &c, nil
}

var loadOnce = sync.OnceValue(func() *Catalogue {
	c, err := Parse(catalogueJSON)
	if err != nil {
		// The embedded file is part of the program; TestCatalogue catches this.
		panic(err)
	}
	return c
})

// Default returns the embedded catalogue.
func Default() *Catalogue { return loadOnce() }
