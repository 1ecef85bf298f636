package taggable

// The table is generated from the shared provider-schema facts. Set
// TAGGABLE_JSON to the file when the checkout is not beside ../shared.
//go:generate go run ./internal/gen -out table.go
