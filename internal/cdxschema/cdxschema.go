// Package cdxschema validates CycloneDX JSON documents against the official
// CycloneDX JSON schema, for the tests of the SBOM writer.
//
// The schema files are not part of this repository: .ci/run unpacks them
// from the npm package @cyclonedx/cyclonedx-library (Apache-2.0, which ships
// them under res/schema) and names the directory in TOLLGATE_CDX_SCHEMA_DIR.
package cdxschema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// EnvDir names the environment variable that holds the schema directory.
const EnvDir = "TOLLGATE_CDX_SCHEMA_DIR"

// Dir returns the schema directory, or "" when EnvDir is not set.
func Dir() string { return os.Getenv(EnvDir) }

var (
	mu       sync.Mutex
	compiled = map[string]*jsonschema.Schema{}
)

// schemaFiles maps the schema ids the CycloneDX 1.7 schema refers to onto
// the files the npm package ships.
var schemaFiles = map[string]string{
	"http://cyclonedx.org/schema/bom-1.7.schema.json":           "bom-1.7.SNAPSHOT.schema.json",
	"http://cyclonedx.org/schema/spdx.schema.json":              "spdx.SNAPSHOT.schema.json",
	"http://cyclonedx.org/schema/jsf-0.82.schema.json":          "jsf-0.82.SNAPSHOT.schema.json",
	"http://cyclonedx.org/schema/cryptography-defs.schema.json": "cryptography-defs.SNAPSHOT.schema.json",
}

// Validate checks doc, a CycloneDX 1.7 JSON document, against the schema in
// dir, with the formats (iri-reference, date-time, email…) asserted.
func Validate(dir string, doc []byte) error {
	sch, err := load(dir)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("decode sbom: %w", err)
	}
	if err := sch.Validate(v); err != nil {
		return fmt.Errorf("sbom does not validate against CycloneDX 1.7: %w", err)
	}
	var head struct{ SpecVersion string }
	if err := json.Unmarshal(doc, &head); err != nil || head.SpecVersion != "1.7" {
		return fmt.Errorf("sbom spec version %q, want %q", head.SpecVersion, "1.7")
	}
	return nil
}

func load(dir string) (*jsonschema.Schema, error) {
	mu.Lock()
	defer mu.Unlock()
	if s, ok := compiled[dir]; ok {
		return s, nil
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	for id, file := range schemaFiles {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			return nil, fmt.Errorf("read cyclonedx schema: %w", err)
		}
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
		if err != nil {
			return nil, fmt.Errorf("decode cyclonedx schema %q: %w", file, err)
		}
		// The files refer to each other by their file names, resolved
		// against the bom schema's $id.
		for _, url := range []string{id, "http://cyclonedx.org/schema/" + file} {
			if err := c.AddResource(url, doc); err != nil {
				return nil, fmt.Errorf("add cyclonedx schema %q: %w", file, err)
			}
		}
	}
	s, err := c.Compile("http://cyclonedx.org/schema/bom-1.7.schema.json")
	if err != nil {
		return nil, fmt.Errorf("compile cyclonedx schema: %w", err)
	}
	compiled[dir] = s
	return s, nil
}
