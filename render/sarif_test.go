package render

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
)

func TestSARIFGolden(t *testing.T) {
	r := fixture()
	got := renderFormat(t, "sarif", r)
	golden(t, "report.sarif", got)
	checkNoRawHTML(t, got)
	validateSARIF(t, got)

	var log sarifLog
	if err := json.Unmarshal(got, &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != len(r.Active()) {
		t.Errorf("%d results, want one per active finding (%d)", len(run.Results), len(r.Active()))
	}
	for _, res := range run.Results {
		for _, f := range r.Suppressed() {
			if res.PartialFingerprints["primaryLocationLineHash"] == f.Fingerprint {
				t.Errorf("suppressed finding %s is in the SARIF file", f.Fingerprint)
			}
		}
		// GitHub code scanning needs an artifact location on every result.
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" {
			t.Errorf("result %s has no artifact location", res.PartialFingerprints["primaryLocationLineHash"])
		}
		if run.Tool.Driver.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("ruleIndex %d does not point at %s", res.RuleIndex, res.RuleID)
		}
	}
	if run.AutomationDetails.ID != "tollgate/scan/"+r.Repository.Commit {
		t.Errorf("automationDetails.id = %q", run.AutomationDetails.ID)
	}
}

func TestSARIFEmpty(t *testing.T) {
	r := fixture()
	r.Findings = nil
	r.Normalize()
	got := renderFormat(t, "sarif", r)
	validateSARIF(t, got)
	if !strings.Contains(string(got), `"results": []`) {
		t.Error("an empty run must still say it has no results")
	}
}

// The SARIF 2.1.0 schema's constraints on the objects tollgate writes,
// transcribed from the OASIS standard (sarif-v2.1.0-errata01-os, §3.13 to
// §3.52). The schema file itself is not vendored: its licence terms are
// unclear for redistribution, so the checks it would make on our output are
// written out here: per object, the properties the schema allows (it sets
// additionalProperties false on each), the required ones, value types,
// enums and minimums.
type sarifObj struct {
	required []string
	// props maps each allowed property to its kind: an object type name,
	// "[]"+type for arrays, "map:"+type for maps, or string, uri, int,
	// int>=1, int>=-1, bool, bag (a property bag), any.
	props map[string]string
	enums map[string][]string
}

var sarifSchemaTable = map[string]sarifObj{
	"sarifLog": {required: []string{"version", "runs"}, props: map[string]string{
		"$schema": "uri", "version": "string", "runs": "[]run", "inlineExternalProperties": "any", "properties": "bag"},
		enums: map[string][]string{"version": {"2.1.0"}}},
	"run": {required: []string{"tool"}, props: map[string]string{
		"tool": "tool", "invocations": "any", "conversion": "any", "language": "string", "versionControlProvenance": "[]versionControlDetails",
		"originalUriBaseIds": "map:artifactLocation", "artifacts": "any", "logicalLocations": "any", "graphs": "any",
		"results": "[]result", "automationDetails": "runAutomationDetails", "runAggregates": "any", "baselineGuid": "string",
		"redactionTokens": "any", "defaultEncoding": "string", "defaultSourceLanguage": "string", "newlineSequences": "any",
		"columnKind": "string", "externalPropertyFileReferences": "any", "threadFlowLocations": "any", "taxonomies": "any",
		"addresses": "any", "translations": "any", "policies": "any", "webRequests": "any", "webResponses": "any",
		"specialLocations": "any", "properties": "bag"}},
	"tool": {required: []string{"driver"}, props: map[string]string{"driver": "toolComponent", "extensions": "any", "properties": "bag"}},
	"toolComponent": {required: []string{"name"}, props: map[string]string{
		"guid": "string", "name": "string", "organization": "string", "product": "string", "productSuite": "string",
		"shortDescription": "multiformatMessageString", "fullDescription": "multiformatMessageString", "fullName": "string",
		"version": "string", "semanticVersion": "string", "dottedQuadFileVersion": "string", "releaseDateUtc": "string",
		"downloadUri": "uri", "informationUri": "uri", "globalMessageStrings": "any", "notifications": "any",
		"rules": "[]reportingDescriptor", "taxa": "any", "locations": "any", "language": "string", "contents": "any",
		"isComprehensive": "bool", "localizedDataSemanticVersion": "string", "minimumRequiredLocalizedDataSemanticVersion": "string",
		"associatedComponent": "any", "translationMetadata": "any", "supportedTaxonomies": "any", "properties": "bag"}},
	"reportingDescriptor": {required: []string{"id"}, props: map[string]string{
		"id": "string", "deprecatedIds": "any", "guid": "string", "deprecatedGuids": "any", "name": "string",
		"deprecatedNames": "any", "shortDescription": "multiformatMessageString", "fullDescription": "multiformatMessageString",
		"messageStrings": "any", "defaultConfiguration": "reportingConfiguration", "helpUri": "uri",
		"help": "multiformatMessageString", "relationships": "any", "properties": "bag"}},
	"multiformatMessageString": {required: []string{"text"}, props: map[string]string{"text": "string", "markdown": "string", "properties": "bag"}},
	"reportingConfiguration": {props: map[string]string{"enabled": "bool", "level": "string", "rank": "any", "parameters": "bag", "properties": "bag"},
		enums: map[string][]string{"level": {"none", "note", "warning", "error"}}},
	"runAutomationDetails": {props: map[string]string{"description": "message", "id": "string", "guid": "string", "correlationGuid": "string", "properties": "bag"}},
	"versionControlDetails": {required: []string{"repositoryUri"}, props: map[string]string{
		"repositoryUri": "uri", "revisionId": "string", "branch": "string", "revisionTag": "string", "asOfTimeUtc": "string",
		"mappedTo": "artifactLocation", "properties": "bag"}},
	"artifactLocation": {props: map[string]string{"uri": "uri", "uriBaseId": "string", "index": "int>=-1", "description": "message", "properties": "bag"}},
	"message":          {props: map[string]string{"text": "string", "markdown": "string", "id": "string", "arguments": "any", "properties": "bag"}},
	"result": {required: []string{"message"}, props: map[string]string{
		"ruleId": "string", "ruleIndex": "int>=-1", "rule": "any", "kind": "string", "level": "string", "message": "message",
		"analysisTarget": "artifactLocation", "locations": "[]location", "guid": "string", "correlationGuid": "string",
		"occurrenceCount": "int>=1", "partialFingerprints": "map:string", "fingerprints": "map:string", "stacks": "any",
		"codeFlows": "any", "graphs": "any", "graphTraversals": "any", "relatedLocations": "[]location", "suppressions": "any",
		"baselineState": "string", "rank": "any", "attachments": "any", "hostedViewerUri": "uri", "workItemUris": "any",
		"provenance": "any", "fixes": "any", "taxa": "any", "webRequest": "any", "webResponse": "any", "properties": "bag"},
		enums: map[string][]string{"level": {"none", "note", "warning", "error"},
			"kind": {"notApplicable", "pass", "fail", "review", "open", "informational"}}},
	"location": {props: map[string]string{"id": "int>=-1", "physicalLocation": "physicalLocation", "logicalLocations": "any",
		"message": "message", "annotations": "any", "relationships": "any", "properties": "bag"}},
	"physicalLocation": {props: map[string]string{"address": "any", "artifactLocation": "artifactLocation", "region": "region",
		"contextRegion": "region", "properties": "bag"}},
	"region": {props: map[string]string{"startLine": "int>=1", "startColumn": "int>=1", "endLine": "int>=1", "endColumn": "int>=1",
		"charOffset": "int>=-1", "charLength": "int>=0", "byteOffset": "int>=-1", "byteLength": "int>=0", "snippet": "any",
		"message": "message", "sourceLanguage": "string", "properties": "bag"}},
}

// validateSARIF checks b against the transcribed schema.
func validateSARIF(t *testing.T, b []byte) {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("SARIF is not JSON: %v", err)
	}
	for _, e := range checkSARIFValue("sarifLog", v, "$") {
		t.Error(e)
	}
}

func checkSARIFValue(kind string, v any, path string) []string {
	var errs []string
	bad := func(format string, args ...any) { errs = append(errs, path+": "+fmt.Sprintf(format, args...)) }
	switch {
	case kind == "any":
	case strings.HasPrefix(kind, "[]"):
		arr, ok := v.([]any)
		if !ok {
			bad("want an array")
			break
		}
		for i, e := range arr {
			errs = append(errs, checkSARIFValue(kind[2:], e, fmt.Sprintf("%s[%d]", path, i))...)
		}
	case strings.HasPrefix(kind, "map:"):
		m, ok := v.(map[string]any)
		if !ok {
			bad("want an object")
			break
		}
		for _, k := range sortedKeys(m) {
			errs = append(errs, checkSARIFValue(kind[4:], m[k], path+"."+k)...)
		}
	case kind == "string":
		if _, ok := v.(string); !ok {
			bad("want a string")
		}
	case kind == "uri":
		s, ok := v.(string)
		if !ok {
			bad("want a URI string")
		} else if _, err := url.Parse(s); err != nil {
			bad("not a URI reference: %v", err)
		}
	case kind == "bool":
		if _, ok := v.(bool); !ok {
			bad("want a boolean")
		}
	case strings.HasPrefix(kind, "int"):
		n, ok := v.(float64)
		if !ok || n != float64(int64(n)) {
			bad("want an integer")
			break
		}
		min := map[string]float64{"int": -1e18, "int>=1": 1, "int>=0": 0, "int>=-1": -1}[kind]
		if n < min {
			bad("%v is below the minimum %v", n, min)
		}
	case kind == "bag":
		m, ok := v.(map[string]any)
		if !ok {
			bad("want a property bag")
			break
		}
		if tags, ok := m["tags"]; ok {
			arr, ok := tags.([]any)
			if !ok {
				bad("tags: want an array")
				break
			}
			seen := map[string]bool{}
			for _, tg := range arr {
				s, ok := tg.(string)
				if !ok || seen[s] {
					bad("tags must be unique strings: %v", arr)
				}
				seen[s] = true
			}
		}
	default:
		obj, ok := sarifSchemaTable[kind]
		if !ok {
			bad("no schema for %s", kind)
			break
		}
		m, ok := v.(map[string]any)
		if !ok {
			bad("want a %s object", kind)
			break
		}
		for _, r := range obj.required {
			if _, ok := m[r]; !ok {
				bad("%s lacks required %q", kind, r)
			}
		}
		if kind == "message" {
			if _, ok := m["text"]; !ok {
				if _, ok := m["id"]; !ok {
					bad("a message needs text or id")
				}
			}
		}
		for _, k := range sortedKeys(m) {
			pk, ok := obj.props[k]
			if !ok {
				bad("%s does not allow property %q", kind, k)
				continue
			}
			if allowed, ok := obj.enums[k]; ok {
				if s, _ := m[k].(string); !slices.Contains(allowed, s) {
					bad("%s.%s = %v, want one of %v", kind, k, m[k], allowed)
				}
			}
			errs = append(errs, checkSARIFValue(pk, m[k], path+"."+k)...)
		}
	}
	return errs
}

// The checks catch what they are meant to catch.
func TestSARIFValidatorRejects(t *testing.T) {
	for _, bad := range []string{
		`{"version":"2.0.0","runs":[]}`,
		`{"version":"2.1.0"}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"region":{"startLine":0}}}]}]}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"bogus":1}]}`,
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x","rules":[{"id":"a","properties":{"tags":["t","t"]}}]}}}]}`,
	} {
		var v any
		if err := json.Unmarshal([]byte(bad), &v); err != nil {
			t.Fatal(err)
		}
		if errs := checkSARIFValue("sarifLog", v, "$"); len(errs) == 0 {
			t.Errorf("validator accepted %s", bad)
		}
	}
}
