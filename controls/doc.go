// Package controls holds the control catalogue — the clause ids and one-line
// titles of the NIST AI RMF, ISO/IEC 42001 Annex A, the EU AI Act, the SOC 2
// Trust Services Criteria and the OWASP Top 10 for LLM applications — and
// evaluates a report against it: for each control, the rules and the report
// inventories that give evidence, and their result in the run.
//
// The catalogue is data (catalogue.json, embedded), versioned and naming
// the source document of each framework; a test fails when a registered
// rule names a control the catalogue does not hold.
package controls
